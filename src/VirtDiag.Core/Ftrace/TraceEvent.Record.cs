using System;

namespace VirtDiag
{
    public sealed partial class TraceEvent
    {
        // Trace clocks (local, boot, mono, x86-tsc…) count from an arbitrary origin, not a wall clock.
        DateTimeOffset? IDiagnosticRecord.HostTimestamp => null;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => null;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => TimestampInterpretation.None;
        string? IDiagnosticRecord.HostName => Machine;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Trace;
        string IDiagnosticRecord.RecordKind => FullName;
        RecordSeverity IDiagnosticRecord.Severity => RecordSeverity.Info;
        string IDiagnosticRecord.Summary => Comm + "-" + Pid + " [" + Cpu + "] " + Name + ": " + Info;
    }
}
