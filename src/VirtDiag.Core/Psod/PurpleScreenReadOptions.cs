using VirtDiag.Common;

namespace VirtDiag.Psod
{
    /// <summary>What to read for Get-PurpleScreen / ConvertFrom-PurpleScreen / <c>virtdiag psod</c>.</summary>
    public sealed class PurpleScreenReadOptions : CommonReadOptions
    {
        /// <summary>Only screens of these categories (null or empty: all).</summary>
        public PurpleScreenCategory[]? Category { get; set; }

        /// <summary>Longest block kept for one screen, in lines; a longer one is cut with a LimitExceeded issue.</summary>
        public int MaxBlockLines { get; set; } = 4000;

        /// <summary>True when a screen passes the category and time filters.</summary>
        public bool Accepts(PurpleScreen screen)
        {
            if (!Filter.Allows(Category, screen.Category)) return false;
            return InWindow(screen.Timestamp);
        }
    }
}
