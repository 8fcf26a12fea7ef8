using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VirtDiag.Common;

namespace VirtDiag.OVirt
{
    /// <summary>Filters of Get-OVirtEngineLogEntry, applied in Core before records are built.</summary>
    public sealed class OVirtEngineEntryOptions : CommonReadOptions
    {
        private string? _match;

        /// <summary>Only records of these levels (null or empty: all).</summary>
        public OVirtLogLevel[]? Level { get; set; }

        /// <summary>Only records of these loggers (full name or class name); wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Logger { get; set; }

        /// <summary>Only records of these threads; wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Thread { get; set; }

        /// <summary>Only records of these correlation ids; wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? CorrelationId { get; set; }

        /// <summary>Only records whose message matches this regular expression (case-insensitive).</summary>
        public string? Match
        {
            get => _match;
            set
            {
                _match = value;
                try
                {
                    MatchRegex = string.IsNullOrEmpty(value) ? null : new Regex(value, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException("-Match: '" + value + "' is not a valid regular expression: " + e.Message, nameof(Match), e);
                }
            }
        }

        internal Regex? MatchRegex { get; private set; }

        internal bool HasFilters => Filter.IsSet(Level) || Filter.IsSet(Logger) || Filter.IsSet(Thread) || Filter.IsSet(CorrelationId) || MatchRegex != null
            || After.HasValue || Before.HasValue;

        internal bool AcceptHead(DateTimeOffset time, OVirtLogLevel level, string? logger, string? thread, string? correlationId)
        {
            if (!Filter.Allows(Level, level)) return false;
            if (!InWindow(time)) return false;
            if (Filter.IsSet(Logger))
            {
                if (logger == null) return false;
                string cls = logger.Substring(logger.LastIndexOf('.') + 1);
                if (!Wildcard.AnyMatch(Logger!, logger) && !Wildcard.AnyMatch(Logger!, cls)) return false;
            }
            if (!Filter.AllowsMatch(Thread, thread)) return false;
            if (!Filter.AllowsMatch(CorrelationId, correlationId)) return false;
            return true;
        }
    }

    /// <summary>Filters of Get-OVirtEngineCommand, applied to joined commands.</summary>
    public sealed class OVirtEngineCommandOptions : CommonReadOptions
    {
        /// <summary>Only commands with these class names; wildcards, case-insensitive (null or empty: all).</summary>
        public string[]? Command { get; set; }

        /// <summary>Only commands of these kinds (null or empty: all).</summary>
        public OVirtCommandKind[]? Kind { get; set; }

        /// <summary>Only commands with these results (null or empty: all).</summary>
        public OVirtCommandResult[]? Result { get; set; }

        /// <summary>Only commands of these correlation ids; wildcards (null or empty: all).</summary>
        public string[]? CorrelationId { get; set; }

        /// <summary>Only VDS commands sent to these hosts; wildcards (null or empty: all).</summary>
        public string[]? TargetHost { get; set; }

        /// <summary>Only commands that took at least this long.</summary>
        public TimeSpan? MinimumDuration { get; set; }

        /// <summary>Most commands held open at once; beyond it the oldest is emitted without its end.</summary>
        public int MaxOpen { get; set; } = 50_000;

        internal bool Accept(OVirtEngineCommand c)
        {
            if (!Filter.AllowsMatch(Command, c.Command)) return false;
            if (!Filter.Allows(Kind, c.Kind)) return false;
            if (!Filter.Allows(Result, c.Result)) return false;
            if (!Filter.AllowsMatch(CorrelationId, c.CorrelationId)) return false;
            if (!Filter.AllowsMatch(TargetHost, c.TargetHost)) return false;
            if (MinimumDuration.HasValue && (!c.Duration.HasValue || c.Duration.Value < MinimumDuration.Value)) return false;
            return InWindow(c.StartTime ?? c.EndTime);
        }
    }

    /// <summary>Filters of the audit events of engine.log.</summary>
    public sealed class OVirtAuditEventOptions : CommonReadOptions
    {
        /// <summary>Only events of these names (<c>VM_DOWN_ERROR</c>); wildcards (null or empty: all).</summary>
        public string[]? EventName { get; set; }

        /// <summary>Only events of these levels (null or empty: all).</summary>
        public OVirtLogLevel[]? Level { get; set; }

        internal bool Accept(OVirtAuditEvent e)
            => Filter.AllowsMatch(EventName, e.EventName) && Filter.Allows(Level, e.Level) && InWindow(e.Timestamp);
    }

    /// <summary>Filters and join settings of Get-OVirtFlow.</summary>
    public sealed class OVirtFlowOptions : CommonReadOptions
    {
        /// <summary>Only flows of these correlation ids; wildcards (null or empty: all).</summary>
        public string[]? CorrelationId { get; set; }

        /// <summary>Only flows with these results (null or empty: all).</summary>
        public OVirtCommandResult[]? Result { get; set; }

        /// <summary>Only flows whose root command matches; wildcards (null or empty: all).</summary>
        public string[]? Command { get; set; }

        /// <summary>Only flows that sent a VDS command to one of these hosts; wildcards (null or empty: all).</summary>
        public string[]? TargetHost { get; set; }

        /// <summary>How far a vdsm call may lie outside its VDS command's start and end and still be joined by verb (clock skew, logging delay).</summary>
        public TimeSpan Tolerance { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Most vdsm calls held for joining; beyond it later calls are not joined (reported once).</summary>
        public int MaxHostCalls { get; set; } = 2_000_000;

        internal bool Accept(OVirtFlow f)
        {
            if (!Filter.AllowsMatch(CorrelationId, f.CorrelationId)) return false;
            if (!Filter.Allows(Result, f.Result)) return false;
            if (Filter.IsSet(Command) && (f.RootCommand == null || !Filter.AllowsMatch(Command, f.RootCommand))) return false;
            if (Filter.IsSet(TargetHost))
            {
                bool any = false;
                foreach (string h in f.Hosts) any |= Filter.AllowsMatch(TargetHost, h);
                if (!any) return false;
            }
            return InWindow(f.StartTime ?? f.EndTime);
        }
    }
}
