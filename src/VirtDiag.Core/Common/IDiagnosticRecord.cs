using System;

namespace VirtDiag
{
    /// <summary>Which capability (and which kind of log) a record was read from.</summary>
    public enum RecordSource
    {
        /// <summary>vMotion lines and migrations (vmkernel.log, vmware.log, hostd.log).</summary>
        VMotion,
        /// <summary>vdsm.log / supervdsm.log records, verb calls, tasks and external commands.</summary>
        Vdsm,
        /// <summary>The oVirt engine's engine.log.</summary>
        OVirtEngine,
        /// <summary>Purple diagnostic screens.</summary>
        Psod,
        /// <summary>Guest OS failures and the host-side signals about them.</summary>
        Guest,
        /// <summary>Kernel trace events (trace.dat, ftrace text).</summary>
        Trace,
    }

    /// <summary>How much a record matters to someone reading a timeline.</summary>
    public enum RecordSeverity
    {
        /// <summary>Debug detail (vdsm and engine DEBUG/TRACE records).</summary>
        Debug,
        /// <summary>Normal operation.</summary>
        Info,
        /// <summary>Something went partly wrong or is incomplete.</summary>
        Warning,
        /// <summary>An operation failed.</summary>
        Error,
        /// <summary>A host or guest crashed (purple screen, bug check, kernel panic) or a CRITICAL record.</summary>
        Critical,
    }

    /// <summary>How a record's written time was turned into a point in time.</summary>
    public enum TimestampInterpretation
    {
        /// <summary>The record has no wall-clock time (ESX 4 uptime prefix, dmesg seconds since boot, a trace clock, redacted).</summary>
        None,
        /// <summary>The text gives its zone or offset (<c>Z</c>, <c>+0100</c>), or the product always writes UTC (ESXi).</summary>
        AsWritten,
        /// <summary>The text has no zone and none was given: it was read as UTC.</summary>
        AssumedUtc,
        /// <summary>The text has no zone: it was read as local time of the zone given (-TimeZone, --tz).</summary>
        AssumedTimeZone,
        /// <summary>A syslog time without year or zone: read as UTC in the year given or inferred.</summary>
        YearInferred,
    }

    /// <summary>
    /// What every VirtDiag record says about itself, whatever its capability: when (on its host's clock, and as
    /// written), where (host, document, line), what (source, kind, severity, one-line summary). Records implement it
    /// with members that keep their own properties' meanings; a timeline carries any of them through it.
    /// </summary>
    public interface IDiagnosticRecord
    {
        /// <summary>When the record happened on its host's clock (any -TimeOffset given to the reader applied), or null when it has no wall-clock time.</summary>
        DateTimeOffset? HostTimestamp { get; }

        /// <summary>The time as written in the log, read as <see cref="TimestampInterpretation"/> says, before any offset was applied.</summary>
        DateTimeOffset? OriginalTimestamp { get; }

        /// <summary>How the written time was read.</summary>
        TimestampInterpretation TimestampInterpretation { get; }

        /// <summary>The host whose log held the record (for a guest's own log, the guest's name), when known.</summary>
        string? HostName { get; }

        /// <summary>The capability the record comes from.</summary>
        RecordSource SourceKind { get; }

        /// <summary>What the record is within its source (<c>Failure</c>, <c>BugCheck</c>, <c>Api</c>, <c>ERROR</c>…), one word.</summary>
        string RecordKind { get; }

        /// <summary>How much the record matters.</summary>
        RecordSeverity Severity { get; }

        /// <summary>One line saying what happened, without the time and host.</summary>
        string Summary { get; }

        /// <summary>Display path of the document the record was read from.</summary>
        string Path { get; }

        /// <summary>1-based line number of the record in its document, or 0 for a binary document (trace.dat).</summary>
        long LineNumber { get; }
    }
}
