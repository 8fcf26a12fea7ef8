using System;
using VirtDiag.Common;

namespace VirtDiag
{
    public sealed partial class VdsmLogEntry
    {
        /// <summary>The -TimeOffset the reader subtracted from the written time.</summary>
        internal TimeSpan ClockOffset { get; set; }

        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Timestamp;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp + ClockOffset;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => VdsmRecord.Interpret(TimestampKind);
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Vdsm;
        string IDiagnosticRecord.RecordKind => Level.ToString();
        RecordSeverity IDiagnosticRecord.Severity => VdsmRecord.SeverityOf(Level);
        string IDiagnosticRecord.Summary => (Logger == null ? "" : "[" + Logger + "] ") + RecordText.OneLine(Message);
    }

    public sealed partial class VdsmTask
    {
        internal TimeSpan ClockOffset { get; set; }
        internal VdsmTimestampKind TimestampKind { get; set; }

        DateTimeOffset? IDiagnosticRecord.HostTimestamp => StartTime ?? EndTime;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => (StartTime ?? EndTime) + ClockOffset;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => VdsmRecord.Interpret(TimestampKind);
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Vdsm;
        string IDiagnosticRecord.RecordKind => Kind.ToString();

        RecordSeverity IDiagnosticRecord.Severity
            => Result == VdsmTaskResult.Failed ? RecordSeverity.Error
             : Result == VdsmTaskResult.Aborted || !IsComplete ? RecordSeverity.Warning : RecordSeverity.Info;

        string IDiagnosticRecord.Summary
            => (Verb ?? "task " + TaskId) + " " + Result + (Duration.HasValue ? " in " + RecordText.Seconds(Duration.Value) : "")
               + (StatusCode.HasValue && StatusCode != 0 ? " (code " + StatusCode + (StatusMessage == null ? "" : ": " + RecordText.OneLine(StatusMessage)) + ")" : "")
               + (Error != null && !StatusCode.HasValue ? " (" + RecordText.OneLine(Error) + ")" : "");
    }

    public sealed partial class VdsmExternalCommand
    {
        internal TimeSpan ClockOffset { get; set; }
        internal VdsmTimestampKind TimestampKind { get; set; }

        DateTimeOffset? IDiagnosticRecord.HostTimestamp => StartTime ?? EndTime;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => (StartTime ?? EndTime) + ClockOffset;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => VdsmRecord.Interpret(TimestampKind);
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Vdsm;
        string IDiagnosticRecord.RecordKind => "ExternalCommand";
        RecordSeverity IDiagnosticRecord.Severity => Succeeded == false ? RecordSeverity.Warning : RecordSeverity.Info;

        string IDiagnosticRecord.Summary
            => (Executable ?? "command") + (Succeeded == true ? " succeeded" : Succeeded == false ? " failed, rc " + ExitCode : " (no result seen)")
               + (Succeeded == false && !string.IsNullOrEmpty(StdErr) ? ": " + RecordText.OneLine(StdErr) : "");
    }

    internal static class VdsmRecord
    {
        public static TimestampInterpretation Interpret(VdsmTimestampKind kind)
            => kind == VdsmTimestampKind.FromLog ? TimestampInterpretation.AsWritten
             : kind == VdsmTimestampKind.AssumedTimeZone ? TimestampInterpretation.AssumedTimeZone : TimestampInterpretation.AssumedUtc;

        public static RecordSeverity SeverityOf(VdsmLogLevel level)
        {
            switch (level)
            {
                case VdsmLogLevel.Trace: case VdsmLogLevel.Debug: return RecordSeverity.Debug;
                case VdsmLogLevel.Warning: return RecordSeverity.Warning;
                case VdsmLogLevel.Error: return RecordSeverity.Error;
                case VdsmLogLevel.Critical: return RecordSeverity.Critical;
                default: return RecordSeverity.Info;
            }
        }
    }
}
