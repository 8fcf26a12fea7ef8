using System.Collections.Generic;
using System.Management.Automation;
using VirtDiag.Diagnostics;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>The one table from issue kinds to error ids, categories and severities.</summary>
    public static class ErrorMap
    {
        /// <summary>Issue kind → (error id, category). Severity (error, warning, verbose) comes from <see cref="IssueSeverities"/>.</summary>
        public static readonly IReadOnlyDictionary<IssueKind, (string Id, ErrorCategory Category)> Table =
            new Dictionary<IssueKind, (string, ErrorCategory)>
            {
                [IssueKind.FileNotFound] = ("FileNotFound", ErrorCategory.ObjectNotFound),
                [IssueKind.AccessDenied] = ("AccessDenied", ErrorCategory.PermissionDenied),
                [IssueKind.IoError] = ("IoError", ErrorCategory.ReadError),
                [IssueKind.ArchiveTruncated] = ("ArchiveTruncated", ErrorCategory.InvalidData),
                [IssueKind.ArchiveCorrupt] = ("ArchiveCorrupt", ErrorCategory.InvalidData),
                [IssueKind.ChecksumMismatch] = ("ChecksumMismatch", ErrorCategory.InvalidData),
                [IssueKind.UnsupportedFormat] = ("UnsupportedFormat", ErrorCategory.NotImplemented),
                [IssueKind.LimitExceeded] = ("LimitExceeded", ErrorCategory.LimitsExceeded),
                [IssueKind.LineTooLong] = ("LineTooLong", ErrorCategory.LimitsExceeded),
                [IssueKind.MalformedRecord] = ("MalformedRecord", ErrorCategory.ParserError),
                [IssueKind.TruncatedRecord] = ("TruncatedRecord", ErrorCategory.InvalidData),
                [IssueKind.OrphanEvent] = ("OrphanEvent", ErrorCategory.InvalidResult),
                [IssueKind.NoRelevantData] = ("NoRelevantData", ErrorCategory.ObjectNotFound),
                [IssueKind.Skipped] = ("Skipped", ErrorCategory.NotSpecified),
            };

        /// <summary>The error record for an issue; the target is <c>path:line</c> or the path.</summary>
        public static ErrorRecord ToErrorRecord(Issue issue)
        {
            var (id, category) = Table[issue.Kind];
            var exception = new System.IO.InvalidDataException(issue.ToString());
            return new ErrorRecord(exception, id, category, issue.Location)
            {
                ErrorDetails = new ErrorDetails(issue.ToString()),
            };
        }
    }
}
