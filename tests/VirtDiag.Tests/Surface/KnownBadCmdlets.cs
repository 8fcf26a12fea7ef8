using System.Management.Automation;

// Deliberately broken cmdlets: compiled into the test assembly (against PowerShellStandard.Library, never run)
// so the surface tests can show that each rule fails where it should.
namespace VirtDiag.Tests.Surface.KnownBad
{
    public sealed class Gadget
    {
        public string? Name { get; set; }
    }

    /// <summary>Unapproved verb, class misnamed and not sealed, no OutputType, bad -Path, shared position, an input-less set.</summary>
    [Cmdlet("Fetch", "Widget", DefaultParameterSetName = "A")]
    public class FetchWidget : PSCmdlet
    {
        [Parameter(Position = 0, ParameterSetName = "A")]
        public string? Path { get; set; }

        [Parameter(Position = 0, ParameterSetName = "A")]
        public string? Other { get; set; }

        [Parameter(ParameterSetName = "B")]
        public string? Lonely { get; set; }
    }

    /// <summary>An output type with no view; -LiteralPath without its aliases; two sets and no default.</summary>
    [Cmdlet(VerbsCommon.Get, "Gadget")]
    [OutputType(typeof(Gadget))]
    public sealed class GetGadgetCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, ParameterSetName = "One", ValueFromPipelineByPropertyName = true)]
        public string[]? LiteralPath { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = "Two")]
        public string? Name { get; set; }
    }
}
