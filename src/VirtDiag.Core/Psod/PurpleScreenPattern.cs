using System;
using System.Collections.Generic;

namespace VirtDiag
{
    /// <summary>What a host's repeated screens suggest, by the rules of VMware's PSOD guidance.</summary>
    public enum PurpleScreenVerdict
    {
        /// <summary>The same message and stack each time: a software defect is the likelier cause.</summary>
        LikelySoftware,
        /// <summary>Messages and stacks vary, or machine checks / hardware NMIs dominate: suspect hardware.</summary>
        PossibleHardware,
        /// <summary>Different failures on the same physical CPU each time: suspect that CPU.</summary>
        PossibleCpuFault,
        /// <summary>The same world was running each time: that world (VM, driver, helper) may trigger it.</summary>
        WorldTriggered,
        /// <summary>Too little to tell (fewer than two screens, or nothing repeats or varies clearly).</summary>
        Inconclusive,
    }

    /// <summary>Several purple screens of one host compared (Measure-PurpleScreenPattern).</summary>
    public sealed class PurpleScreenPattern
    {
        internal PurpleScreenPattern(string? hostName, IReadOnlyList<PurpleScreen> screens, int distinctMessages, int distinctTopFrames,
            bool sameMessageAndStack, bool samePhysicalCpu, bool sameWorld, int hardwareCount,
            int machineCheckCount, int uncorrectedMachineCheckCount, int? repeatedBank, string? repeatedAddress, bool sameLockedUpCpu, PurpleScreenVerdict verdict,
            IReadOnlyList<string> evidence, DateTimeOffset? first, DateTimeOffset? last)
        {
            HostName = hostName;
            Screens = screens;
            Count = screens.Count;
            DistinctMessages = distinctMessages;
            DistinctTopFrames = distinctTopFrames;
            SameMessageAndStack = sameMessageAndStack;
            SamePhysicalCpu = samePhysicalCpu;
            SameWorld = sameWorld;
            HardwareCount = hardwareCount;
            MachineCheckCount = machineCheckCount;
            UncorrectedMachineCheckCount = uncorrectedMachineCheckCount;
            RepeatedBank = repeatedBank;
            RepeatedAddress = repeatedAddress;
            SameLockedUpCpu = sameLockedUpCpu;
            Verdict = verdict;
            Evidence = evidence;
            FirstTimestamp = first;
            LastTimestamp = last;
        }

        /// <summary>The host the screens came from (null for screens without one).</summary>
        public string? HostName { get; }

        /// <summary>How many screens were compared.</summary>
        public int Count { get; }

        /// <summary>Distinct messages, with addresses and the faulting world taken out.</summary>
        public int DistinctMessages { get; }

        /// <summary>Distinct stack signatures (the top five frames' symbols, addresses and offsets removed); screens without frames are not counted.</summary>
        public int DistinctTopFrames { get; }

        /// <summary>True when every screen has the same message and the same stack signature.</summary>
        public bool SameMessageAndStack { get; }

        /// <summary>True when every screen names a PCPU and it is the same one.</summary>
        public bool SamePhysicalCpu { get; }

        /// <summary>True when every screen names a world and it is the same one (by name, else by id).</summary>
        public bool SameWorld { get; }

        /// <summary>Screens that are machine checks or hardware NMIs, or carry MCA/NMI lines.</summary>
        public int HardwareCount { get; }

        /// <summary>Machine-check bank reports over all screens.</summary>
        public int MachineCheckCount { get; }

        /// <summary>Of those, the ones hardware did not correct (UC=1, or logged UC/SRAR/SRAO/UCNA).</summary>
        public int UncorrectedMachineCheckCount { get; }

        /// <summary>An MCA bank reporting errors on two or more screens, or null.</summary>
        public int? RepeatedBank { get; }

        /// <summary>An error address (MCi_ADDR) reported on two or more screens, or null.</summary>
        public string? RepeatedAddress { get; }

        /// <summary>True when every screen names the same PCPU as locked up or without heartbeat.</summary>
        public bool SameLockedUpCpu { get; }

        /// <summary>What the pattern suggests.</summary>
        public PurpleScreenVerdict Verdict { get; }

        /// <summary>The observations the verdict rests on, one sentence each.</summary>
        public IReadOnlyList<string> Evidence { get; }

        /// <summary>Earliest screen time, when known.</summary>
        public DateTimeOffset? FirstTimestamp { get; }

        /// <summary>Latest screen time, when known.</summary>
        public DateTimeOffset? LastTimestamp { get; }

        /// <summary>The screens compared, in input order.</summary>
        public IReadOnlyList<PurpleScreen> Screens { get; }
    }
}
