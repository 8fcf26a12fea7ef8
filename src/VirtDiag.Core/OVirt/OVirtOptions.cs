using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using VirtDiag.Common;
using VirtDiag.Vdsm;

namespace VirtDiag.OVirt
{
    /// <summary>Filters of Get-OVirtEngineLogEntry, applied in Core before records are built.</summary>
    public sealed class OVirtEngineEntryOptions : CommonReadOptions
    {
        private string? _match;

        /// <summary>Only records of these levels (empty: all).</summary>
        public IList<OVirtLogLevel> Levels { get; } = new List<OVirtLogLevel>();

        /// <summary>Only records of these loggers (full name or class name); wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Loggers { get; } = new List<string>();

        /// <summary>Only records of these threads; wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Threads { get; } = new List<string>();

        /// <summary>Only records of these correlation ids; wildcards, case-insensitive (empty: all).</summary>
        public IList<string> CorrelationIds { get; } = new List<string>();

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

        internal bool HasFilters => Levels.Count > 0 || Loggers.Count > 0 || Threads.Count > 0 || CorrelationIds.Count > 0 || MatchRegex != null
            || After.HasValue || Before.HasValue;

        internal bool AcceptHead(DateTimeOffset time, OVirtLogLevel level, string? logger, string? thread, string? correlationId)
        {
            if (Levels.Count > 0 && !Levels.Contains(level)) return false;
            if (!InWindow(time)) return false;
            if (Loggers.Count > 0)
            {
                if (logger == null) return false;
                string cls = logger.Substring(logger.LastIndexOf('.') + 1);
                if (!Wildcard.AnyMatch(Loggers, logger) && !Wildcard.AnyMatch(Loggers, cls)) return false;
            }
            if (Threads.Count > 0 && (thread == null || !Wildcard.AnyMatch(Threads, thread))) return false;
            if (CorrelationIds.Count > 0 && (correlationId == null || !Wildcard.AnyMatch(CorrelationIds, correlationId))) return false;
            return true;
        }
    }

    /// <summary>Filters of Get-OVirtEngineCommand, applied to joined commands.</summary>
    public sealed class OVirtEngineCommandOptions : CommonReadOptions
    {
        /// <summary>Only commands with these class names; wildcards, case-insensitive (empty: all).</summary>
        public IList<string> Commands { get; } = new List<string>();

        /// <summary>Only commands of these kinds (empty: all).</summary>
        public IList<OVirtCommandKind> Kinds { get; } = new List<OVirtCommandKind>();

        /// <summary>Only commands with these results (empty: all).</summary>
        public IList<OVirtCommandResult> Results { get; } = new List<OVirtCommandResult>();

        /// <summary>Only commands of these correlation ids; wildcards (empty: all).</summary>
        public IList<string> CorrelationIds { get; } = new List<string>();

        /// <summary>Only VDS commands sent to these hosts; wildcards (empty: all).</summary>
        public IList<string> TargetHosts { get; } = new List<string>();

        /// <summary>Only commands that took at least this long.</summary>
        public TimeSpan? MinimumDuration { get; set; }

        /// <summary>Most commands held open at once; beyond it the oldest is emitted without its end.</summary>
        public int MaxOpen { get; set; } = 50_000;

        internal bool Accept(OVirtEngineCommand c)
        {
            if (Commands.Count > 0 && !Wildcard.AnyMatch(Commands, c.Command)) return false;
            if (Kinds.Count > 0 && !Kinds.Contains(c.Kind)) return false;
            if (Results.Count > 0 && !Results.Contains(c.Result)) return false;
            if (CorrelationIds.Count > 0 && (c.CorrelationId == null || !Wildcard.AnyMatch(CorrelationIds, c.CorrelationId))) return false;
            if (TargetHosts.Count > 0 && (c.TargetHost == null || !Wildcard.AnyMatch(TargetHosts, c.TargetHost))) return false;
            if (MinimumDuration.HasValue && (!c.Duration.HasValue || c.Duration.Value < MinimumDuration.Value)) return false;
            return InWindow(c.StartTime ?? c.EndTime);
        }
    }

    /// <summary>Filters of the audit events of engine.log.</summary>
    public sealed class OVirtAuditEventOptions : CommonReadOptions
    {
        /// <summary>Only events of these names (<c>VM_DOWN_ERROR</c>); wildcards (empty: all).</summary>
        public IList<string> EventNames { get; } = new List<string>();

        /// <summary>Only events of these levels (empty: all).</summary>
        public IList<OVirtLogLevel> Levels { get; } = new List<OVirtLogLevel>();

        internal bool Accept(OVirtAuditEvent e)
            => (EventNames.Count == 0 || Wildcard.AnyMatch(EventNames, e.EventName)) && (Levels.Count == 0 || Levels.Contains(e.Level)) && InWindow(e.Timestamp);
    }
}
