using System;
using VirtDiag.Common;

namespace VirtDiag
{
    public sealed partial class PurpleScreen
    {
        /// <summary>The -TimeOffset the reader subtracted from the written time.</summary>
        internal TimeSpan ClockOffset { get; }

        DateTimeOffset? IDiagnosticRecord.HostTimestamp => Timestamp;
        DateTimeOffset? IDiagnosticRecord.OriginalTimestamp => Timestamp + ClockOffset;
        TimestampInterpretation IDiagnosticRecord.TimestampInterpretation => Timestamp.HasValue ? TimestampInterpretation.AsWritten : TimestampInterpretation.None;
        RecordSource IDiagnosticRecord.SourceKind => RecordSource.Psod;
        string IDiagnosticRecord.RecordKind => Category.ToString();
        RecordSeverity IDiagnosticRecord.Severity => RecordSeverity.Critical;
        string IDiagnosticRecord.Summary => "PSOD " + Category + (Message == null ? "" : ": " + RecordText.OneLine(Message));
    }
}
