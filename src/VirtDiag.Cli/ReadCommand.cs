using System;
using System.Collections.Generic;
using System.CommandLine;
using VirtDiag.Common;
using VirtDiag.Io;

namespace VirtDiag.Cli
{
    /// <summary>
    /// The one builder of every reading command: paths (or stdin), <c>--format</c>, <c>--host</c>, <c>--verbose</c>, each
    /// option bound into the Core options in one line, one Core read session pulled to the end, records written.
    /// </summary>
    internal sealed class ReadCommand<TOptions, T> where TOptions : ReadOptions, new() where T : notnull
    {
        private readonly Command _command;
        private readonly Argument<string[]> _paths = CommonOptions.Paths();
        private readonly Func<TOptions, ReadContext, ReadSession<T>> _open;
        private readonly List<Action<ParseResult, TOptions>> _binders = new();
        private Action<CliSession, ParseResult, IEnumerable<T>> _write = (s, _, records) => s.WriteAll(records);
        private string[]? _defaultPaths;

        public ReadCommand(string name, string description, Func<TOptions, ReadContext, ReadSession<T>> open)
        {
            _command = new Command(name, description);
            _open = open;
            _command.Arguments.Add(_paths);
        }

        /// <summary>Adds an option and the one line that binds its value into the options.</summary>
        public ReadCommand<TOptions, T> Bind<TValue>(Option<TValue> option, Action<TOptions, TValue> bind)
        {
            _command.Options.Add(option);
            _binders.Add((parse, o) => bind(o, parse.GetValue(option)!));
            return this;
        }

        /// <summary>Adds an option that changes how records are written rather than what is read.</summary>
        public ReadCommand<TOptions, T> With(Option option)
        {
            _command.Options.Add(option);
            return this;
        }

        /// <summary>Paths read when none is given (instead of standard input).</summary>
        public ReadCommand<TOptions, T> DefaultPaths(params string[] paths)
        {
            _defaultPaths = paths;
            return this;
        }

        /// <summary>Replaces the writing of records (a report format, a count limit, a fold into another record).</summary>
        public ReadCommand<TOptions, T> Writes(Action<CliSession, ParseResult, IEnumerable<T>> write)
        {
            _write = write;
            return this;
        }

        /// <summary>The command, with the options every reading command shares.</summary>
        public Command Build()
        {
            CommonOptions.AddTo(_command);
            _command.SetAction(parse => CliSession.Run(parse, s =>
            {
                var options = new TOptions { HostName = parse.GetValue(CommonOptions.Host) };
                foreach (Action<ParseResult, TOptions> bind in _binders) bind(parse, options);
                string[]? paths = parse.GetValue(_paths);
                if ((paths == null || paths.Length == 0) && _defaultPaths != null) paths = _defaultPaths;
                IReadOnlyList<LogDocument> documents = s.Documents(paths, options.HostName);
                _write(s, parse, _open(options, s.Context).ReadAll(documents));
                return null;
            }));
            return _command;
        }
    }

    /// <summary>The options of the readers of wall-clock logs, bound once for every command that has them.</summary>
    internal static class ReadCommandWindow
    {
        /// <summary>Adds <c>--after</c> and <c>--before</c> (host clock).</summary>
        public static ReadCommand<TOptions, T> Window<TOptions, T>(this ReadCommand<TOptions, T> command)
            where TOptions : CommonReadOptions, new() where T : notnull
            => command.Bind(CommonOptions.After, (o, v) => o.After = v).Bind(CommonOptions.Before, (o, v) => o.Before = v);

        /// <summary>Adds <c>--time-offset</c> (source clock minus host clock).</summary>
        public static ReadCommand<TOptions, T> Offset<TOptions, T>(this ReadCommand<TOptions, T> command)
            where TOptions : CommonReadOptions, new() where T : notnull
            => command.Bind(CommonOptions.TimeOffset, (o, v) => o.TimeOffset = CommonOptions.ParseTimeOffset(v));
    }
}
