using System;
using System.Management.Automation;
using VirtDiag.Psod;
using VirtDiag.PowerShell.Internal;

namespace VirtDiag.PowerShell.Commands
{
    /// <summary>Compares the purple screens of each host and says whether the pattern looks like software, hardware, one CPU or one world.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "PurpleScreenPattern")]
    [OutputType(typeof(PurpleScreenPattern))]
    public sealed class MeasurePurpleScreenPatternCommand : VirtDiagCmdlet
    {
        private readonly PurpleScreenPatternAnalyzer _analyzer = new PurpleScreenPatternAnalyzer();

        /// <summary>Screens from Get-PurpleScreen or ConvertFrom-PurpleScreen.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        public PurpleScreen[] InputObject { get; set; } = Array.Empty<PurpleScreen>();

        /// <inheritdoc/>
        protected override void ProcessRecord()
        {
            foreach (PurpleScreen screen in InputObject ?? Array.Empty<PurpleScreen>())
            {
                if (screen != null) _analyzer.Add(screen);
            }
        }

        /// <inheritdoc/>
        protected override void EndProcessing()
        {
            WriteRecords(_analyzer.Complete());
            base.EndProcessing();
        }
    }
}
