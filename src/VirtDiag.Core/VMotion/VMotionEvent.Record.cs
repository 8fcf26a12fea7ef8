using System;
using VirtDiag.Common;

namespace VirtDiag
{
    public sealed partial class VMotionEvent
    {
        /// <summary>The -TimeOffset the reader subtracted from the written time (source clock minus host clock).</summary>
        internal TimeSpan ClockOffset { get; set; }

        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Timestamp;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp + ClockOffset;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => Timestamp.HasValue ? TimestampInterpretation.AsWritten : TimestampInterpretation.None;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.VMotion;
        string IDiagnosticRecord.RecordKind => Kind.ToString();

        RecordSeverity IDiagnosticRecord.Severity
        {
            get
            {
                switch (Kind)
                {
                    case VMotionEventKind.Failure: case VMotionEventKind.FailureMessage: return RecordSeverity.Error;
                    case VMotionEventKind.Warning: case VMotionEventKind.ContinueOnSource: return RecordSeverity.Warning;
                    default: return RecordSeverity.Info;
                }
            }
        }

        string IDiagnosticRecord.Summary
            => (MigrationId == null ? "vMotion" : "vMotion " + MigrationId) + (Role == VMotionRole.Unknown ? "" : " " + Role) + ": " + RecordText.OneLine(Message);
    }

    public sealed partial class VMotionMigration
    {
        DateTimeOffset? IDiagnosticRecord.HostTimestamp => StartTime;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => StartTime + (Events.Count > 0 ? Events[0].ClockOffset : TimeSpan.Zero);
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => StartTime.HasValue ? TimestampInterpretation.AsWritten : TimestampInterpretation.None;
        string? IDiagnosticRecord.HostName => SourceHost ?? DestinationHost ?? (HostsSeen.Count > 0 ? HostsSeen[0] : null);
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.VMotion;
        string IDiagnosticRecord.RecordKind => "Migration";
        RecordSeverity IDiagnosticRecord.Severity
            => Result == VMotionResult.Failed ? RecordSeverity.Error : Result == VMotionResult.Incomplete ? RecordSeverity.Warning : RecordSeverity.Info;
        string IDiagnosticRecord.Path => Events.Count > 0 ? Events[0].Path : string.Empty;
        long IDiagnosticRecord.LineNumber => Events.Count > 0 ? Events[0].LineNumber : 0;

        string IDiagnosticRecord.Summary
            => "vMotion " + MigrationId + (VMName == null ? "" : " of " + VMName) + " " + (SourceHost ?? "?") + " -> " + (DestinationHost ?? "?") + ": " + Result
               + (Duration.HasValue ? " in " + RecordText.Seconds(Duration.Value) : "") + (FailureReason == null ? "" : " (" + RecordText.OneLine(FailureReason) + ")");
    }
}
