using System.Collections.Generic;

namespace VirtDiag.Guest
{
    /// <summary>
    /// What the four parameters of the common bug check codes hold, in our own words after the public Windows bug check
    /// code reference (facts only). A code not listed here, or a parameter the reference calls reserved, has no meaning.
    /// </summary>
    internal static class BugCheckParameters
    {
        private const string DependsOn1 = "depends on Arg1";

        private static readonly Dictionary<ulong, string?[]> s_meanings = new()
        {
            [0x0A] = new[] { "Memory referenced", "IRQL at the time of the reference", "Access: bit 0 clear = read, set = write; bit 3 set = execute", "Address of the instruction that referenced the memory" },
            [0x19] = new[] { "Type of pool corruption", DependsOn1, DependsOn1, DependsOn1 },
            [0x1A] = new[] { "Type of memory management violation", DependsOn1, DependsOn1, DependsOn1 },
            [0x1E] = new[] { "Exception code that was not handled", "Address where the exception occurred", "Exception parameter 0", "Exception parameter 1" },
            [0x3B] = new[] { "Exception that caused the bug check", "Address of the instruction that caused it", "Address of the context record", null },
            [0x50] = new[] { "Memory address referenced", "Access: 0 read, 1 write, 2 or 10 execute", "Address of the instruction that referenced the memory (if known)", "Type of page fault" },
            [0x7A] = new[] { "Lock type or page table entry address", "I/O status code", DependsOn1, DependsOn1 },
            [0x7B] = new[] { "Address of the boot device name or device object", null, null, null },
            [0x7E] = new[] { "Exception code that was not handled", "Address where the exception occurred", "Address of the exception record", "Address of the context record" },
            [0x7F] = new[] { "Trap number (0x8: double fault)", null, null, null },
            [0x8E] = new[] { "Exception code that was not handled", "Address where the exception occurred", "Address of the trap frame", null },
            [0x9C] = new[] { "Machine check bank number", "Address of the MCA exception record", "High 32 bits of the bank's status register", "Low 32 bits of the bank's status register" },
            [0x9F] = new[] { "Type of power state violation", DependsOn1, DependsOn1, DependsOn1 },
            [0xBE] = new[] { "Virtual address of the attempted write", "Page table entry contents", null, null },
            [0xC2] = new[] { "Type of bad pool call", DependsOn1, DependsOn1, DependsOn1 },
            [0xC5] = new[] { "Memory referenced", "IRQL at the time of the reference", "Access: 0 read, 1 write", "Address of the instruction that referenced the memory" },
            [0xD1] = new[] { "Memory referenced", "IRQL at the time of the reference", "Access: 0 read, 1 write, 2 or 8 execute", "Address of the instruction that referenced the memory" },
            [0xEF] = new[] { "The process object that died", "0: a process died, 1: a thread died", null, null },
            [0xF4] = new[] { "Type of terminated object (3 process, 6 thread)", "The terminated object", "Process image file name", "Address of an explanatory message" },
            [0xFC] = new[] { "Virtual address of the attempted execute", "Page table entry contents", null, null },
            [0x101] = new[] { "Clock interrupt time-out interval in nominal clock ticks", null, "Address of the unresponsive processor's PRCB", "Index of the unresponsive processor" },
            [0x109] = new[] { null, null, null, "Type of the corrupted region" },
            [0x116] = new[] { "Address of the TDR recovery context", "Address in the responsible display driver", "Error code of the last failed operation", "Internal context data" },
            [0x124] = new[] { "Type of error source", "Address of the WHEA error record", DependsOn1, DependsOn1 },
            [0x133] = new[] { "0: one DPC or ISR ran too long; 1: too long at DISPATCH_LEVEL or above in total", DependsOn1, DependsOn1, DependsOn1 },
            [0x139] = new[] { "Type of corruption", "Address of the trap frame", "Address of the exception record", null },
            [0xC000021A] = new[] { "Message that identifies the problem", "Error code", null, null },
        };

        /// <summary>The meaning of parameter <paramref name="number"/> (1-4) of <paramref name="code"/>, or null.</summary>
        public static string? MeaningOf(ulong code, int number)
            => number >= 1 && number <= 4 && s_meanings.TryGetValue(code, out string?[]? m) ? m[number - 1] : null;

        /// <summary>The parameters as written, each with its meaning for <paramref name="code"/>.</summary>
        public static IReadOnlyList<BugCheckParameter> Describe(ulong? code, IReadOnlyList<string> values)
        {
            var list = new List<BugCheckParameter>(values.Count);
            for (int i = 0; i < values.Count && i < 4; i++)
                list.Add(new BugCheckParameter(i + 1, values[i], code.HasValue ? MeaningOf(code.Value, i + 1) : null));
            return list;
        }
    }
}
