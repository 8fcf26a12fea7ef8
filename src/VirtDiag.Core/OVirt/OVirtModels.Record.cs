using System;
using VirtDiag.Common;

namespace VirtDiag
{
    public sealed partial class OVirtEngineLogEntry
    {
        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Timestamp;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => TimestampInterpretation.AsWritten;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.OVirtEngine;
        string IDiagnosticRecord.RecordKind => Level.ToString();
        RecordSeverity IDiagnosticRecord.Severity => OVirtRecord.SeverityOf(Level);
        string IDiagnosticRecord.Summary => (LoggerClass == null ? "" : "[" + LoggerClass + "] ") + RecordText.OneLine(Message);
    }

    public sealed partial class OVirtEngineCommand
    {
        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Time;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Time;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => Time.HasValue ? TimestampInterpretation.AsWritten : TimestampInterpretation.None;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.OVirtEngine;
        string IDiagnosticRecord.RecordKind => Kind.ToString();

        RecordSeverity IDiagnosticRecord.Severity
            => Result == OVirtCommandResult.Failed ? RecordSeverity.Error : Result == OVirtCommandResult.Incomplete ? RecordSeverity.Warning : RecordSeverity.Info;

        string IDiagnosticRecord.Summary
            => Command + (TargetHost == null ? "" : " on " + TargetHost) + " " + Result + (Duration.HasValue ? " in " + RecordText.Seconds(Duration.Value) : "")
               + (Error == null ? "" : " (" + RecordText.OneLine(Error) + ")");
    }

    public sealed partial class OVirtAuditEvent
    {
        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Timestamp;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => TimestampInterpretation.AsWritten;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.OVirtEngine;
        string IDiagnosticRecord.RecordKind => "AuditEvent";
        RecordSeverity IDiagnosticRecord.Severity => OVirtRecord.SeverityOf(Level);
        string IDiagnosticRecord.Summary => EventName + ": " + RecordText.OneLine(Message);
    }

    internal static class OVirtRecord
    {
        public static RecordSeverity SeverityOf(OVirtLogLevel level)
        {
            switch (level)
            {
                case OVirtLogLevel.Trace: case OVirtLogLevel.Debug: return RecordSeverity.Debug;
                case OVirtLogLevel.Warning: return RecordSeverity.Warning;
                case OVirtLogLevel.Error: return RecordSeverity.Error;
                case OVirtLogLevel.Fatal: return RecordSeverity.Critical;
                default: return RecordSeverity.Info;
            }
        }
    }
}
