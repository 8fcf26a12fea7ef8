using System;
using System.Management.Automation;
using VirtDiag.Diagnostics;

namespace VirtDiag.PowerShell.Internal
{
    /// <summary>Turns Core issues into error records, using the one table in <see cref="IssueSeverities"/>.</summary>
    public static class ErrorMap
    {
        /// <summary>The error record for an issue: id = the kind's name, the category from the table, target <c>path:line</c>.</summary>
        public static ErrorRecord ToErrorRecord(Issue issue)
        {
            var (id, categoryName, _) = IssueSeverities.Describe(issue.Kind);
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), categoryName);
            var exception = new System.IO.InvalidDataException(issue.ToString());
            return new ErrorRecord(exception, id, category, issue.Location)
            {
                ErrorDetails = new ErrorDetails(issue.ToString()),
            };
        }
    }
}
