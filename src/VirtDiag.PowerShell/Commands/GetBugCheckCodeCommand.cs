using System.Management.Automation;
using VirtDiag.Guest;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Looks up Windows bug check codes and names in the public reference table.</summary>
    [Cmdlet(VerbsCommon.Get, "BugCheckCode")]
    [OutputType(typeof(BugCheckCode))]
    public sealed class GetBugCheckCodeCommand : VirtDiagCmdlet
    {
        /// <summary>Codes (0x50, 0x00000050, 50, c000021a; hex as Windows prints them) or name patterns (*PAGE_FAULT*, irql); none lists the whole table.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Code { get; set; }

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            if (Code == null || Code.Length == 0)
            {
                WriteRecords(BugCheckCodes.All);
                return;
            }
            foreach (string query in Code)
            {
                bool any = false;
                foreach (BugCheckCode c in BugCheckCodes.Lookup(query))
                {
                    any = true;
                    WriteObject(c);
                }
                if (!any && !WildcardPattern.ContainsWildcardCharacters(query))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException("No bug check code matches '" + query + "'."),
                        "BugCheckCodeNotFound", ErrorCategory.ObjectNotFound, query));
                }
            }
        }
    }
}
