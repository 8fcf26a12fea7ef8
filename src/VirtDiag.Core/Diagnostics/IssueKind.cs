namespace VirtDiag.Diagnostics
{
    /// <summary>What went wrong with a piece of input; each kind maps to one error id and category at the faces.</summary>
    public enum IssueKind
    {
        /// <summary>A path named explicitly does not exist.</summary>
        FileNotFound,
        /// <summary>A file or folder could not be opened for lack of permission.</summary>
        AccessDenied,
        /// <summary>An I/O error while reading.</summary>
        IoError,
        /// <summary>A compressed stream or archive ends before its format says it should.</summary>
        ArchiveTruncated,
        /// <summary>A compressed stream or archive holds bytes its format does not allow.</summary>
        ArchiveCorrupt,
        /// <summary>A CRC, hash or header checksum does not match the data.</summary>
        ChecksumMismatch,
        /// <summary>A format feature we do not decode (an xz filter, a check type, a trace option version).</summary>
        UnsupportedFormat,
        /// <summary>A resource limit was reached (dictionary size, memory cap) and the input was refused.</summary>
        LimitExceeded,
        /// <summary>A line longer than the cap; its tail was skipped.</summary>
        LineTooLong,
        /// <summary>A line or record that looks like the format but cannot be read in full.</summary>
        MalformedRecord,
        /// <summary>A multi-line record cut short (end of input, a new record started early).</summary>
        TruncatedRecord,
        /// <summary>An event that could not be joined to any aggregate (reported, never dropped).</summary>
        OrphanEvent,
        /// <summary>The input holds nothing this command can read (e.g. a trace with no kvm_exit events).</summary>
        NoRelevantData,
        /// <summary>A file or entry was skipped on purpose (a kind the command does not read, a non-regular tar entry).</summary>
        Skipped,
        /// <summary>Files of a folder were not read because their names are not known log names (said once per folder, with names).</summary>
        NotRead,
        /// <summary>A causal pair of records on two hosts contradicts the others between the same hosts (left out of the clock estimate).</summary>
        ClockAnchorOutlier,
        /// <summary>A timeline entry could not be placed on the reference clock (no time, or a host with no anchor and no offset given).</summary>
        Unplaced,
    }
}

namespace VirtDiag.Diagnostics
{
    /// <summary>How much an issue matters: errors make the CLI exit 1 and become error records in PowerShell.</summary>
    public enum IssueSeverity
    {
        /// <summary>Input was lost or could not be read.</summary>
        Error,
        /// <summary>Input was read but is incomplete or holds nothing relevant.</summary>
        Warning,
        /// <summary>Bookkeeping: a skipped entry, an event not joined to an aggregate.</summary>
        Verbose,
    }

    /// <summary>How severe each issue kind is; the faces decide how to show it (the PowerShell face owns the ErrorCategory of each kind).</summary>
    public static class IssueSeverities
    {
        /// <summary>The severity of <paramref name="kind"/>.</summary>
        public static IssueSeverity Of(IssueKind kind)
        {
            switch (kind)
            {
                case IssueKind.TruncatedRecord:
                case IssueKind.NoRelevantData:
                case IssueKind.NotRead:
                case IssueKind.ClockAnchorOutlier:
                case IssueKind.Unplaced:
                    return IssueSeverity.Warning;
                case IssueKind.OrphanEvent:
                case IssueKind.Skipped:
                    return IssueSeverity.Verbose;
                default:
                    return IssueSeverity.Error;
            }
        }
    }
}
