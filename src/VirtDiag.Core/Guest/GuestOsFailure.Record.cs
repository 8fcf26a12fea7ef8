using System;
using VirtDiag.Common;

namespace VirtDiag
{
    public sealed partial class GuestOsFailure
    {
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp;

        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation
            => !Timestamp.HasValue || TimestampKind == GuestTimestampKind.None || TimestampKind == GuestTimestampKind.Uptime ? TimestampInterpretation.None
             : TimestampKind == GuestTimestampKind.SyslogWallClock ? TimestampInterpretation.YearInferred : TimestampInterpretation.AsWritten;

        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Guest;
        string IDiagnosticRecord.RecordKind => Kind.ToString();

        RecordSeverity IDiagnosticRecord.Severity
        {
            get
            {
                switch (Kind)
                {
                    case GuestFailureKind.BugCheck: case GuestFailureKind.KernelPanic: case GuestFailureKind.CrashDumpBacktrace:
                    case GuestFailureKind.HostDetectedCrash: case GuestFailureKind.MachineCheck:
                        return RecordSeverity.Critical;
                    case GuestFailureKind.Warning: case GuestFailureKind.SoftLockup: case GuestFailureKind.HungTask:
                    case GuestFailureKind.LockdepReport: case GuestFailureKind.RcuReport: case GuestFailureKind.ToolsHeartbeatLost:
                        return RecordSeverity.Warning;
                    default:
                        return RecordSeverity.Error;
                }
            }
        }

        string IDiagnosticRecord.Summary
            => (VMName == null ? "" : VMName + ": ") + Kind + (Code.HasValue ? " 0x" + Code.Value.ToString("X8") : "") + (Name == null ? "" : " " + Name)
               + (Message.Length == 0 ? "" : ": " + RecordText.OneLine(Message));
    }
}
