using System;
using System.Collections.Generic;
using VirtDiag.Common;

namespace VirtDiag.VMotion
{
    /// <summary>What to read of vMotion events and migrations; applied in Core before records are built.</summary>
    public sealed class VMotionOptions : CommonReadOptions
    {
        /// <summary>Only these migration ids (decimal, as vmkernel logs them; hex ids of vmware.log are compared in decimal).</summary>
        public string[]? MigrationId { get; set; }

        /// <summary>Only migrations with these results (migrations only).</summary>
        public VMotionResult[]? Result { get; set; }

        /// <summary>How many migrations the join holds before it emits the oldest finished ones (bounds memory).</summary>
        public int MaxHeldMigrations { get; set; } = 4096;

        /// <summary>How many events without a migration id the join holds while waiting for a world id to name their migration.</summary>
        public int MaxUnresolvedEvents { get; set; } = 4096;

        internal bool WantsMigration(string? id)
        {
            if (MigrationId == null || MigrationId.Length == 0) return true;
            if (id == null) return false;
            foreach (string m in MigrationId)
            {
                if (string.Equals(m, id, StringComparison.OrdinalIgnoreCase)) return true;
            }
            return false;
        }

        internal bool WantsResult(VMotionResult r)
        {
            return Filter.Allows(Result, r);
        }
    }
}
