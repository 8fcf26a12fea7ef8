using System;
using System.Management.Automation;
using VirtDiag.Diagnostics;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>Turns Core issues into error records: the error id is the kind's name, the category is this face's choice.</summary>
    public static class ErrorMap
    {
        /// <summary>The error record for an issue: id = the kind's name, the category of <see cref="CategoryOf"/>, target <c>path:line</c>.</summary>
        public static ErrorRecord ToErrorRecord(Issue issue)
        {
            var exception = new System.IO.InvalidDataException(issue.ToString());
            return new ErrorRecord(exception, issue.Kind.ToString(), CategoryOf(issue.Kind), issue.Location)
            {
                ErrorDetails = new ErrorDetails(issue.ToString()),
            };
        }

        /// <summary>The ErrorCategory an admin filters on for <paramref name="kind"/>; kinds added to Core without a case here get NotSpecified (a Pester test lists every kind).</summary>
        public static ErrorCategory CategoryOf(IssueKind kind)
        {
            switch (kind)
            {
                case IssueKind.FileNotFound: return ErrorCategory.ObjectNotFound;
                case IssueKind.AccessDenied: return ErrorCategory.PermissionDenied;
                case IssueKind.IoError: return ErrorCategory.ReadError;
                case IssueKind.ArchiveTruncated:
                case IssueKind.ArchiveCorrupt:
                case IssueKind.ChecksumMismatch:
                case IssueKind.TruncatedRecord:
                    return ErrorCategory.InvalidData;
                case IssueKind.UnsupportedFormat: return ErrorCategory.NotImplemented;
                case IssueKind.LimitExceeded:
                case IssueKind.LineTooLong:
                    return ErrorCategory.LimitsExceeded;
                case IssueKind.MalformedRecord: return ErrorCategory.ParserError;
                case IssueKind.OrphanEvent:
                case IssueKind.ClockAnchorOutlier:
                case IssueKind.Unplaced:
                    return ErrorCategory.InvalidResult;
                case IssueKind.NoRelevantData: return ErrorCategory.ObjectNotFound;
                case IssueKind.Skipped:
                case IssueKind.NotRead:
                    return ErrorCategory.NotSpecified;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
