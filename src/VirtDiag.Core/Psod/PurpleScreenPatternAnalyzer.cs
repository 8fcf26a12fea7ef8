using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace VirtDiag.Psod
{
    /// <summary>
    /// Measure-PurpleScreenPattern's join: screens are added one at a time and grouped by host; <see cref="Complete"/>
    /// returns one pattern per host. Memory is one reference per screen (screens are small).
    /// </summary>
    public sealed class PurpleScreenPatternAnalyzer
    {
        /// <summary>Frames compared for the stack signature.</summary>
        public const int TopFrameCount = 5;

        private static readonly Regex s_hex = new Regex(@"0x[0-9a-fA-FnN#]+", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex s_worldId = new Regex(@"\bin world [0-9X#]+(?::\S+)?", RegexOptions.CultureInvariant | RegexOptions.Compiled);
        private static readonly Regex s_space = new Regex(@"\s+", RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private readonly Dictionary<string, List<PurpleScreen>> _byHost = new Dictionary<string, List<PurpleScreen>>(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _hostOrder = new List<string>();

        /// <summary>Adds one screen.</summary>
        public void Add(PurpleScreen screen)
        {
            if (screen == null) throw new ArgumentNullException(nameof(screen));
            string key = screen.HostName ?? string.Empty;
            if (!_byHost.TryGetValue(key, out List<PurpleScreen>? list))
            {
                _byHost[key] = list = new List<PurpleScreen>();
                _hostOrder.Add(key);
            }
            list.Add(screen);
        }

        /// <summary>One pattern per host, in the order hosts were first seen.</summary>
        public IReadOnlyList<PurpleScreenPattern> Complete()
        {
            var result = new List<PurpleScreenPattern>();
            foreach (string host in _hostOrder) result.Add(Measure(host.Length == 0 ? null : host, _byHost[host]));
            return result;
        }

        /// <summary>The message with addresses and the world (id and name) taken out, so the same panic in two worlds compares equal; <see cref="PurpleScreenPattern.SameWorld"/> looks at worlds.</summary>
        public static string NormalizeMessage(string? message)
        {
            if (message == null) return string.Empty;
            string m = s_hex.Replace(message, "0x?");
            m = s_worldId.Replace(m, "in world ?");
            return s_space.Replace(m, " ").Trim().TrimEnd('.');
        }

        /// <summary>The top frames' symbols joined with <c>&lt;</c> (addresses and offsets removed), or empty without frames.</summary>
        public static string StackSignature(PurpleScreen screen)
            => string.Join(" < ", screen.Frames.Where(f => f.Symbol != null).Take(TopFrameCount).Select(f => f.Symbol));

        /// <summary>True for a machine check, a hardware NMI, or a screen carrying MCA/NMI lines.</summary>
        public static bool IsHardware(PurpleScreen screen)
            => screen.Category == PurpleScreenCategory.MachineCheck || screen.Category == PurpleScreenCategory.NmiPanic || screen.Category == PurpleScreenCategory.ApeiHestNmi
               || screen.MachineChecks.Any(mc => !mc.IsCorrected && mc.Severity != MachineCheckSeverity.Unknown)
               || screen.HardwareEvidence.Any(l => l.IndexOf("MCA", StringComparison.Ordinal) >= 0 || l.IndexOf("achine", StringComparison.Ordinal) >= 0 || l.IndexOf("Hardware Error", StringComparison.Ordinal) >= 0);

        private static PurpleScreenPattern Measure(string? host, List<PurpleScreen> screens)
        {
            var evidence = new List<string>();
            int n = screens.Count;
            var messages = screens.Select(s => NormalizeMessage(s.Message)).Distinct(StringComparer.Ordinal).ToList();
            var stacks = screens.Select(StackSignature).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            bool allHaveStacks = screens.All(s => StackSignature(s).Length > 0);
            bool allHaveMessages = screens.All(s => s.Message != null);
            bool sameMessageAndStack = n >= 2 && allHaveMessages && messages.Count == 1 && allHaveStacks && stacks.Count == 1;
            bool samePcpu = n >= 2 && screens.All(s => s.PhysicalCpu.HasValue) && screens.Select(s => s.PhysicalCpu!.Value).Distinct().Count() == 1;
            var worlds = screens.Select(WorldKey).ToList();
            bool sameWorld = n >= 2 && worlds.All(w => w != null) && worlds.Distinct(StringComparer.Ordinal).Count() == 1;
            int hardware = screens.Count(IsHardware);
            bool sameLocked = n >= 2 && screens.All(s => s.LockedUpCpu.HasValue) && screens.Select(s => s.LockedUpCpu!.Value).Distinct().Count() == 1;
            var checks = screens.SelectMany(s => s.MachineChecks).ToList();
            int uncorrected = checks.Count(mc => mc.Uncorrected == true || (mc.Uncorrected == null && mc.Severity > MachineCheckSeverity.Corrected));
            // A bank, or an error address, that comes back on two or more screens: the same cache, DIMM or link failing again.
            int? repeatedBank = checks.Where(mc => mc.Bank.HasValue).GroupBy(mc => mc.Bank!.Value)
                .Where(g => screens.Count(s => s.MachineChecks.Any(mc => mc.Bank == g.Key)) >= 2).Select(g => (int?)g.Key).FirstOrDefault();
            string? repeatedAddress = checks.Where(mc => mc.Address != null && mc.AddressValid != false).GroupBy(mc => mc.Address!, StringComparer.Ordinal)
                .Where(g => screens.Count(s => s.MachineChecks.Any(mc => mc.Address == g.Key && mc.AddressValid != false)) >= 2).Select(g => g.Key).FirstOrDefault();
            bool varies = (allHaveMessages && messages.Count > 1) || stacks.Count > 1;

            evidence.Add(string.Format(CultureInfo.InvariantCulture, "{0} screen(s), {1} distinct message(s), {2} distinct stack signature(s) of the top {3} frames", n, messages.Count, stacks.Count, TopFrameCount));
            if (messages.Count == 1 && allHaveMessages) evidence.Add("every screen says (addresses and world aside): " + messages[0]);
            if (stacks.Count == 1 && allHaveStacks) evidence.Add("every stack starts: " + stacks[0]);
            if (samePcpu) evidence.Add("every screen is on PCPU " + screens[0].PhysicalCpu!.Value.ToString(CultureInfo.InvariantCulture));
            if (sameWorld) evidence.Add("every screen names world " + worlds[0]);
            if (hardware > 0) evidence.Add(string.Format(CultureInfo.InvariantCulture, "{0} of {1} screen(s) are machine checks, hardware NMIs or carry MCA lines", hardware, n));
            if (sameLocked) evidence.Add("every screen names PCPU " + screens[0].LockedUpCpu!.Value.ToString(CultureInfo.InvariantCulture) + " as locked up or without heartbeat");
            if (checks.Count > 0)
            {
                evidence.Add(string.Format(CultureInfo.InvariantCulture, "{0} machine check(s): {1} uncorrected, {2} corrected; classes: {3}", checks.Count, uncorrected,
                    checks.Count(mc => mc.IsCorrected), string.Join(", ", checks.Select(mc => mc.ErrorClass.ToString()).Distinct(StringComparer.Ordinal))));
            }
            if (repeatedBank.HasValue) evidence.Add("MCA bank " + repeatedBank.Value.ToString(CultureInfo.InvariantCulture) + " reports errors on more than one screen");
            if (repeatedAddress != null) evidence.Add("the same error address " + repeatedAddress + " is reported on more than one screen (same DIMM or cache line)");

            PurpleScreenVerdict verdict;
            if (n < 2)
            {
                verdict = PurpleScreenVerdict.Inconclusive;
                evidence.Add("a pattern needs two or more screens of the host");
            }
            else if (hardware * 2 > n)
            {
                verdict = PurpleScreenVerdict.PossibleHardware;
                evidence.Add("machine checks and hardware NMIs point at hardware: check the vendor's hardware log (IML/SEL) and run diagnostics");
            }
            else if ((repeatedBank.HasValue || repeatedAddress != null) && uncorrected > 0)
            {
                verdict = PurpleScreenVerdict.PossibleHardware;
                evidence.Add("uncorrected machine checks in the same bank or at the same address on several screens point at that component");
            }
            else if (sameMessageAndStack)
            {
                verdict = PurpleScreenVerdict.LikelySoftware;
                evidence.Add("an identical message and stack each time points at a software defect: search the KB for the message and top frames");
            }
            else if (samePcpu || sameLocked)
            {
                verdict = PurpleScreenVerdict.PossibleCpuFault;
                evidence.Add("different failures on the same PCPU point at that CPU");
            }
            else if (sameWorld)
            {
                verdict = PurpleScreenVerdict.WorldTriggered;
                evidence.Add("the same world each time may be triggering the failure");
            }
            else if (varies)
            {
                verdict = PurpleScreenVerdict.PossibleHardware;
                evidence.Add("messages or stacks that vary between screens point at hardware (memory, CPU) rather than one code path");
            }
            else
            {
                verdict = PurpleScreenVerdict.Inconclusive;
                evidence.Add("the screens neither repeat nor vary in a telling way (messages or stacks missing)");
            }

            var times = screens.Where(s => s.Timestamp.HasValue).Select(s => s.Timestamp!.Value).ToList();
            if (checks.Count > 0 && uncorrected == 0 && hardware == 0) evidence.Add("the machine checks were all corrected by hardware: logged, not the cause of these screens");
            return new PurpleScreenPattern(host, screens.ToArray(), messages.Count, stacks.Count, sameMessageAndStack, samePcpu, sameWorld, hardware,
                checks.Count, uncorrected, repeatedBank, repeatedAddress, sameLocked, verdict, evidence, times.Count > 0 ? times.Min() : (DateTimeOffset?)null, times.Count > 0 ? times.Max() : (DateTimeOffset?)null);
        }

        private static string? WorldKey(PurpleScreen s)
        {
            if (s.World == null) return null;
            if (s.World.Name != null) return s.World.Name;
            return s.World.Id?.ToString(CultureInfo.InvariantCulture);
        }
    }
}
