using System;
using System.Collections.Generic;
using System.CommandLine;
using VirtDiag.Psod;

namespace VirtDiag.Cli.Commands
{
    /// <summary><c>virtdiag psod show|pattern</c>: the twins of Get-PurpleScreen / ConvertFrom-PurpleScreen and Measure-PurpleScreenPattern.</summary>
    internal static class PsodCommand
    {
        public static Command Create()
        {
            var psod = new Command("psod", "ESXi purple diagnostic screens (Get-PurpleScreen, ConvertFrom-PurpleScreen, Measure-PurpleScreenPattern).");
            psod.Subcommands.Add(Show());
            psod.Subcommands.Add(Pattern());
            return psod;
        }

        private static Option<PurpleScreenCategory[]> CategoryOption() => new("--category")
        {
            Description = "Only screens of these categories (cmdlets: -Category).",
            AllowMultipleArgumentsPerToken = true,
        };

        private static Command Show() => ScreensCommand("show",
            "Read purple screens from pasted text, vmkernel logs (vmkernel.log, vmkernel-zdump logs) and bundles.",
            (s, screens) => s.WriteAll(screens));

        private static Command Pattern() => ScreensCommand("pattern",
            "Compare the purple screens of each host: same message and stack, same PCPU, same world, machine checks; give a verdict.",
            (s, screens) =>
            {
                var analyzer = new PurpleScreenPatternAnalyzer();
                foreach (PurpleScreen screen in screens) analyzer.Add(screen);
                s.WriteAll(analyzer.Complete());
            });

        // Both subcommands read screens from the same paths and filters; they differ in what they write.
        private static Command ScreensCommand(string name, string description, Action<CliSession, IEnumerable<PurpleScreen>> write)
        {
            var paths = CommonOptions.Paths();
            var category = CategoryOption();
            var command = new Command(name, description);
            command.Arguments.Add(paths);
            command.Options.Add(category);
            CommonOptions.AddTo(command);
            command.Options.Add(TimeOffsetOption);
            command.SetAction(parse => CliSession.Run(parse, s =>
            {
                PurpleScreenReadOptions options = Options(parse, category);
                write(s, PurpleScreenReader.Read(s.Documents(parse.GetValue(paths), options.HostName), options, s.Context));
                return null;
            }));
            return command;
        }

        private static readonly Option<string?> TimeOffsetOption = CommonOptions.TimeOffset;

        private static PurpleScreenReadOptions Options(ParseResult parse, Option<PurpleScreenCategory[]> category)
        {
            PurpleScreenCategory[]? categories = parse.GetValue(category);
            return new PurpleScreenReadOptions
            {
                HostName = parse.GetValue(CommonOptions.Host),
                After = parse.GetValue(CommonOptions.After),
                Before = parse.GetValue(CommonOptions.Before),
                TimeOffset = CommonOptions.ParseTimeOffset(parse.GetValue(CommonOptions.TimeOffset)),
                Category = categories != null && categories.Length > 0 ? categories : null,
            };
        }
    }
}
