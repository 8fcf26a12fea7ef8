using System;
using System.Collections.Generic;
using System.Globalization;
using VirtDiag.Common;
using VirtDiag.Diagnostics;
using VirtDiag.Io;

namespace VirtDiag.VMotion
{
    /// <summary>
    /// Folds <see cref="VMotionEvent"/>s into one <see cref="VMotionMigration"/> per migration id, across every host
    /// and log. Events without an id join through the (host, VM world id) → migration id map learned from lines that
    /// carry both. Memory is bounded: above <see cref="VMotionOptions.MaxHeldMigrations"/> the oldest finished
    /// migrations (end or failure seen on every side that appeared) are emitted; the rest are emitted at the end,
    /// marked Incomplete when no end was seen. Events that join nothing are reported as <see cref="IssueKind.OrphanEvent"/>;
    /// an event of a migration already written early gets a <see cref="IssueKind.TruncatedRecord"/> warning (it starts a second record).
    /// </summary>
    public sealed class VMotionMigrationJoiner : IRecordJoin<VMotionEvent, VMotionMigration>
    {
        private readonly VMotionOptions _options;
        private readonly ReadContext _context;
        private readonly Dictionary<string, Accumulator> _open = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        private readonly LinkedList<Accumulator> _age = new LinkedList<Accumulator>();
        private readonly Dictionary<(string Host, long World), string> _worlds = new Dictionary<(string, long), string>();
        private readonly LinkedList<VMotionEvent> _unresolved = new LinkedList<VMotionEvent>();
        // Ids written early (bounded, oldest forgotten first) with the join window's edge when that let them go, null when the
        // cap did: a later event for one of them is announced.
        private readonly Dictionary<string, DateTimeOffset?> _written = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        private readonly Queue<string> _writtenOrder = new Queue<string>();

        /// <summary>Creates a join applying <paramref name="options"/> (ids, results, time window) to the migrations it emits.</summary>
        public VMotionMigrationJoiner(VMotionOptions options, ReadContext context)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _context = context ?? throw new ArgumentNullException(nameof(context));
        }

        /// <summary>Events taken so far.</summary>
        public long EventCount { get; private set; }

        /// <summary>Events reported as orphans (joined to no migration).</summary>
        public long OrphanCount { get; private set; }

        /// <summary>Migrations emitted so far (after filters) plus those filtered out.</summary>
        public long MigrationCount { get; private set; }

        /// <summary>Adds one event; migrations it lets go are added to <paramref name="output"/>.</summary>
        public void Add(VMotionEvent e, List<VMotionMigration> output)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            EventCount++;
            if (e.MigrationId == null && e.VMWorldId.HasValue && _worlds.TryGetValue((e.HostName ?? "", e.VMWorldId.Value), out string? byWorld))
            {
                e.MigrationId = byWorld;
            }
            if (e.MigrationId == null)
            {
                if (!e.VMWorldId.HasValue)
                {
                    Orphan(e); // nothing could ever name its migration
                    return;
                }
                // A world id learned later (a rotated file read after this one) may still name it.
                _unresolved.AddLast(e);
                if (_unresolved.Count > _options.MaxUnresolvedEvents)
                {
                    Orphan(_unresolved.First!.Value);
                    _unresolved.RemoveFirst();
                }
                return;
            }
            if (e.VMWorldId.HasValue)
            {
                var key = (e.HostName ?? "", e.VMWorldId.Value);
                if (!_worlds.TryGetValue(key, out string? known) || known != e.MigrationId)
                {
                    if (_worlds.Count >= Math.Max(16, _options.MaxHeldMigrations * 4)) _worlds.Clear();
                    _worlds[key] = e.MigrationId;
                    Resolve(key, e.MigrationId, output);
                }
            }
            Accept(e, output);
        }

        /// <summary>End of input: joins what can still be joined, reports orphans, and emits every migration held.</summary>
        public void Complete(List<VMotionMigration> output)
        {
            foreach (VMotionEvent e in _unresolved)
            {
                if (e.VMWorldId.HasValue && _worlds.TryGetValue((e.HostName ?? "", e.VMWorldId.Value), out string? m))
                {
                    e.MigrationId = m;
                    Accept(e, output);
                }
                else
                {
                    Orphan(e);
                }
            }
            _unresolved.Clear();
            var rest = new List<Accumulator>(_age);
            rest.Sort((a, b) =>
            {
                int c = (a.FirstTime ?? DateTimeOffset.MaxValue).CompareTo(b.FirstTime ?? DateTimeOffset.MaxValue);
                return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
            });
            _age.Clear();
            _open.Clear();
            foreach (Accumulator a in rest) Emit(a, output);
        }

        /// <summary>
        /// Emits the finished migrations whose last line is before <paramref name="before"/>, or before
        /// <paramref name="bothSidesBefore"/> when both the source and the destination side were seen (for callers reading
        /// every host's logs side by side in time order: a side still to come is at most a clock skew away).
        /// </summary>
        public void EmitFinished(DateTimeOffset before, DateTimeOffset bothSidesBefore, List<VMotionMigration> output)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            LinkedListNode<Accumulator>? n = _age.First;
            while (n != null)
            {
                LinkedListNode<Accumulator>? next = n.Next;
                Accumulator a = n.Value;
                DateTimeOffset edge = a.HasBothSides ? bothSidesBefore : before;
                if (a.IsFinished && a.LastTime.HasValue && a.LastTime.Value < edge)
                    Release(n, edge, output);
                n = next;
            }
        }

        private void Resolve((string Host, long World) key, string migrationId, List<VMotionMigration> output)
        {
            if (_unresolved.Count == 0) return;
            LinkedListNode<VMotionEvent>? node = _unresolved.First;
            while (node != null)
            {
                LinkedListNode<VMotionEvent>? next = node.Next;
                VMotionEvent e = node.Value;
                if (e.VMWorldId == key.World && (e.HostName ?? "") == key.Host)
                {
                    e.MigrationId = migrationId;
                    _unresolved.Remove(node);
                    Accept(e, output);
                }
                node = next;
            }
        }

        private long _sequence;

        private void Accept(VMotionEvent e, List<VMotionMigration> output)
        {
            string id = e.MigrationId!;
            if (!_open.TryGetValue(id, out Accumulator? a))
            {
                if (_written.TryGetValue(id, out DateTimeOffset? edge))
                {
                    // Removed so the warning comes once per id; the second record is what follows.
                    _written.Remove(id);
                    string why = edge.HasValue
                        ? "it had finished, its last line before " + edge.Value.ToString("o", CultureInfo.InvariantCulture) + ", the edge of the join window of the hosts' logs read side by side (is a host's clock off by more than the window?)"
                        : "the join held more than " + _options.MaxHeldMigrations.ToString(CultureInfo.InvariantCulture) + " migrations before it (raise MaxHeldMigrations, or read the hosts' logs closer together)";
                    _context.Report(e.Path, IssueKind.TruncatedRecord, "vMotion " + id + " was already written without this line: " + why + ", so this migration comes out as two records", e.LineNumber);
                }
                a = new Accumulator(id, _sequence++);
                _open[id] = a;
                a.Node = _age.AddLast(a);
                if (_open.Count > _options.MaxHeldMigrations) Evict(output);
            }
            a.Add(e);
        }

        /// <summary>Lets the oldest finished migration go (else the oldest of all) so the held set stays bounded.</summary>
        private void Evict(List<VMotionMigration> output)
        {
            LinkedListNode<Accumulator>? victim = null;
            for (LinkedListNode<Accumulator>? n = _age.First; n != null; n = n.Next)
            {
                if (n.Value.IsFinished) { victim = n; break; }
            }
            victim ??= _age.First;
            if (victim == null) return;
            Release(victim, null, output);
        }

        private void Release(LinkedListNode<Accumulator> node, DateTimeOffset? edge, List<VMotionMigration> output)
        {
            _age.Remove(node);
            _open.Remove(node.Value.Id);
            if (!_written.ContainsKey(node.Value.Id))
            {
                _written.Add(node.Value.Id, edge);
                _writtenOrder.Enqueue(node.Value.Id);
                if (_writtenOrder.Count > Math.Max(1024, _options.MaxHeldMigrations * 16)) _written.Remove(_writtenOrder.Dequeue());
            }
            Emit(node.Value, output);
        }

        private void Orphan(VMotionEvent e)
        {
            OrphanCount++;
            _context.Report(e.Path, IssueKind.OrphanEvent,
                "vMotion " + e.Kind + " line names no migration id and no world id seen with one: " + Excerpt(e.Message), e.LineNumber);
        }

        private static string Excerpt(string s) => s.Length <= 120 ? s : s.Substring(0, 120) + "…";

        private void Emit(Accumulator a, List<VMotionMigration> output)
        {
            MigrationCount++;
            VMotionMigration m = a.Build();
            if (!_options.WantsMigration(m.MigrationId) || !_options.WantsResult(m.Result)) return;
            DateTimeOffset? last = m.EndTime ?? a.LastTime ?? m.StartTime;
            if (_options.Before.HasValue && m.StartTime.HasValue && m.StartTime.Value >= _options.Before.Value) return;
            if (_options.After.HasValue && last.HasValue && last.Value < _options.After.Value) return;
            output.Add(m);
        }

        private sealed class Accumulator
        {
            private readonly List<VMotionEvent> _events = new List<VMotionEvent>();
            private bool _source, _destination, _sourceDone, _destinationDone, _otherDone;

            public Accumulator(string id, long sequence) { Id = id; Sequence = sequence; }

            public string Id { get; }
            public long Sequence { get; }
            public LinkedListNode<Accumulator>? Node { get; set; }
            public DateTimeOffset? FirstTime { get; private set; }
            public DateTimeOffset? LastTime { get; private set; }

            /// <summary>An end or failure was seen on every side that appeared.</summary>
            public bool HasBothSides => _source && _destination;

            public bool IsFinished
                => (_source || _destination) ? (!_source || _sourceDone) && (!_destination || _destinationDone) : _otherDone;

            public void Add(VMotionEvent e)
            {
                _events.Add(e);
                if (e.Timestamp.HasValue)
                {
                    if (!FirstTime.HasValue || e.Timestamp < FirstTime) FirstTime = e.Timestamp;
                    if (!LastTime.HasValue || e.Timestamp > LastTime) LastTime = e.Timestamp;
                }
                bool done = IsEnd(e.Kind);
                if (e.Role == VMotionRole.Source) { _source = true; _sourceDone |= done; }
                else if (e.Role == VMotionRole.Destination) { _destination = true; _destinationDone |= done; }
                else _otherDone |= done;
            }

            private static bool IsEnd(VMotionEventKind k) => k == VMotionEventKind.MigrationEnd || IsFailure(k);

            private static bool IsFailure(VMotionEventKind k) => k == VMotionEventKind.Failure || k == VMotionEventKind.ContinueOnSource;

            public VMotionMigration Build()
            {
                var m = new VMotionMigration { MigrationId = Id, Events = _events.ToArray(), StartTime = FirstTime };
                var hosts = new List<string>();
                bool failed = false, ended = false;
                int reasonRank = 0;
                DateTimeOffset? end = null;
                TimeSpan? agentStun = null;
                foreach (VMotionEvent e in _events)
                {
                    if (e.HostName != null && !hosts.Contains(e.HostName)) hosts.Add(e.HostName);
                    if (e.HostName != null)
                    {
                        if (e.Role == VMotionRole.Source && m.SourceHost == null) m.SourceHost = e.HostName;
                        else if (e.Role == VMotionRole.Destination && m.DestinationHost == null) m.DestinationHost = e.HostName;
                    }
                    m.VMName ??= e.VMName;
                    m.VMPath ??= e.VMPath;
                    if (e.VMWorldId.HasValue)
                    {
                        if (e.Role == VMotionRole.Destination) m.DestinationWorldId ??= e.VMWorldId;
                        else if (e.Role == VMotionRole.Source) m.VMWorldId ??= e.VMWorldId;
                    }
                    m.DestinationWorldId ??= e.DestinationWorldId;
                    if (e.Kind != VMotionEventKind.ConnectionBound || e.Role == VMotionRole.Source) m.SourceIp ??= e.SourceIp;
                    m.DestinationIp ??= e.DestinationIp;
                    if (e.SwapMode != null && m.SwapMode == VMotionSwapMode.Unknown)
                        m.SwapMode = string.Equals(e.SwapMode, "SHARED", StringComparison.OrdinalIgnoreCase) ? VMotionSwapMode.Shared : VMotionSwapMode.Unshared;
                    if (e.Encrypted.HasValue) m.Encrypted = (m.Encrypted ?? false) || e.Encrypted.Value;
                    if (e.Subsystem == "FSR") m.IsStorageMigration = true;
                    switch (e.Kind)
                    {
                        case VMotionEventKind.PreCopyStopped:
                            m.PreCopyStoppedTime ??= e.Timestamp;
                            m.PagesLeftAtSwitchover ??= e.PagesLeft;
                            m.SwitchoverGoalSeconds ??= e.SwitchoverGoalSeconds;
                            m.BandwidthMBps ??= e.BandwidthMBps;
                            break;
                        case VMotionEventKind.Unstunned:
                            m.StunTime ??= e.StunTime;
                            break;
                        case VMotionEventKind.TaskResult:
                            agentStun ??= e.StunTime;
                            break;
                        case VMotionEventKind.MigrationEnd:
                            ended = true;
                            end = Later(end, e.Timestamp);
                            break;
                    }
                    if (IsFailure(e.Kind))
                    {
                        failed = true;
                        end = Later(end, e.Timestamp);
                        // The "Failed: reason (0xbad…)" line is the most precise; a message key next; any text last.
                        int rank = e.FailureCode != null && e.FailureCode.StartsWith("0x", StringComparison.Ordinal) ? 3 : e.FailureCode != null ? 2 : e.FailureReason != null ? 1 : 0;
                        if (rank > reasonRank)
                        {
                            reasonRank = rank;
                            m.FailureReason = e.FailureReason;
                            m.FailureCode = e.FailureCode;
                        }
                    }
                }
                m.StunTime ??= agentStun; // vmware.log's "vm stopped for" is the VM's own measure; hostd's precopyStunTime stands in without it
                m.HostsSeen = hosts.ToArray();
                m.Result = failed ? VMotionResult.Failed : ended ? VMotionResult.Succeeded : VMotionResult.Incomplete;
                if (m.Result != VMotionResult.Incomplete)
                {
                    m.EndTime = end ?? LastTime;
                    if (m.EndTime.HasValue && m.StartTime.HasValue) m.Duration = m.EndTime.Value - m.StartTime.Value;
                }
                return m;
            }

            private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => !a.HasValue ? b : !b.HasValue ? a : (a > b ? a : b);
        }
    }
}
