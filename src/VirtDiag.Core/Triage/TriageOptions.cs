using System;

namespace VirtDiag.Triage
{
    /// <summary>What Invoke-VirtDiagTriage and <c>virtdiag triage</c> look for, and how much they keep.</summary>
    public sealed class TriageOptions
    {
        /// <summary>Host name for documents whose host cannot be told from their path; overrides a guessed one.</summary>
        public string? HostName { get; set; }

        /// <summary>A silence of every log of a host longer than this is a gap (default 1 hour).</summary>
        public TimeSpan GapThreshold { get; set; } = TimeSpan.FromHours(1);

        /// <summary>A succeeded vMotion that took longer than this is a finding (default 5 minutes).</summary>
        public TimeSpan SlowMigrationThreshold { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>A host clock certainly further than this from the reference host's (both bounds past it) is a finding (default 2 seconds).</summary>
        public TimeSpan ClockSkewThreshold { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>How many KVM exit reasons per trace become findings (by time spent in the host; default 5).</summary>
        public int TopKvmExits { get; set; } = 5;

        /// <summary>Year for syslog lines without one (default: the current year).</summary>
        public int? Year { get; set; }

        /// <summary>Findings kept per kind; more are counted in <see cref="TriageReport.FindingsNotListed"/> (default 10,000).</summary>
        public int MaxFindingsPerKind { get; set; } = 10_000;

        /// <summary>Migrations kept for the report's table and chart (default 10,000).</summary>
        public int MaxMigrations { get; set; } = 10_000;

        /// <summary>Activity stretches kept per document before neighbouring ones are merged (bounds memory; default 2,000).</summary>
        public int MaxIntervalsPerDocument { get; set; } = 2_000;

        internal void Validate()
        {
            if (GapThreshold <= TimeSpan.Zero) throw new ArgumentException("the gap threshold must be positive", nameof(GapThreshold));
            if (SlowMigrationThreshold <= TimeSpan.Zero) throw new ArgumentException("the slow-vMotion threshold must be positive", nameof(SlowMigrationThreshold));
            if (TopKvmExits < 0) throw new ArgumentException("the number of KVM exit reasons cannot be negative", nameof(TopKvmExits));
        }
    }
}
