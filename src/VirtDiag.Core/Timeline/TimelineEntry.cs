using System;

namespace VirtDiag
{
    /// <summary>How an entry's <see cref="TimelineEntry.Timestamp"/> was placed on the reference clock.</summary>
    public enum TimelinePlacement
    {
        /// <summary>No clock reconciliation was asked for: the time is the host's as read.</summary>
        AsWritten,
        /// <summary>The host's clock offset (estimated, given, or 0 for the reference host) was applied.</summary>
        Reconciled,
        /// <summary>Reconciliation was asked for but the host has no anchor and no offset given: the host's time is kept, unreconciled.</summary>
        Unreconciled,
        /// <summary>The record has no wall-clock time; it is placed after the record before it in the same document, and <see cref="TimelineEntry.Timestamp"/> is null.</summary>
        NoTimestamp,
    }

    /// <summary>One record of any capability, placed on one timeline across every source and host.</summary>
    public sealed class TimelineEntry
    {
        internal TimelineEntry(IDiagnosticRecord record, string? hostName, DateTimeOffset? timestamp, TimeSpan? clockOffset, TimelinePlacement placement)
        {
            Record = record;
            Timestamp = timestamp;
            ClockOffset = clockOffset;
            Placement = placement;
            OriginalTimestamp = record.OriginalTimestamp;
            TimestampInterpretation = record.TimestampInterpretation;
            HostName = hostName;
            Source = record.SourceKind;
            Kind = record.RecordKind;
            Severity = record.Severity;
            Path = record.Path;
            LineNumber = record.LineNumber;
        }

        /// <summary>When it happened on the reference clock (the host's time minus its clock offset); null for a record without a wall-clock time.</summary>
        public DateTimeOffset? Timestamp { get; }

        /// <summary>The time as written in the log, before any offset.</summary>
        public DateTimeOffset? OriginalTimestamp { get; }

        /// <summary>How the written time was read (zone from the log, assumed UTC, a given zone, year inferred).</summary>
        public TimestampInterpretation TimestampInterpretation { get; }

        /// <summary>The host (or guest) whose log held the record (<c>ovirt-engine</c> for an engine.log whose host is not known).</summary>
        public string? HostName { get; }

        /// <summary>The capability the record comes from.</summary>
        public RecordSource Source { get; }

        /// <summary>What the record is within its source (<c>Failure</c>, <c>Api</c>, <c>Error</c>, <c>BugCheck</c>…).</summary>
        public string Kind { get; }

        /// <summary>How much the record matters.</summary>
        public RecordSeverity Severity { get; }

        /// <summary>One line saying what happened.</summary>
        public string Summary => Record.Summary;

        /// <summary>Display path of the document.</summary>
        public string Path { get; }

        /// <summary>1-based line number in the document (0 for a binary document).</summary>
        public long LineNumber { get; }

        /// <summary>The host's clock minus the reference clock that was subtracted, or null when none was applied.</summary>
        public TimeSpan? ClockOffset { get; }

        /// <summary>How the time was placed on the reference clock.</summary>
        public TimelinePlacement Placement { get; }

        /// <summary>The typed record itself (<c>VMotionEvent</c>, <c>VdsmTask</c>, <c>GuestOsFailure</c>…), for the pipeline.</summary>
        public IDiagnosticRecord Record { get; }

        // Merge key: UTC ticks of the placed time, or of the entry before it in its document when it has none.
        internal long Key;

        /// <inheritdoc/>
        public override string ToString() => Timestamp?.ToString("yyyy-MM-dd HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture) + " " + HostName + " " + Source + " " + Summary;
    }
}
