using System.Text;

namespace VirtDiag.Fuzz
{
    /// <summary>
    /// A small mutation engine: bit flips, byte insert/delete, chunk duplication, splicing with another seed,
    /// truncation, line joins and splits, overlong lines, invalid UTF-8. Deterministic for a given seed.
    /// </summary>
    public sealed class Mutator
    {
        private readonly Random _random;
        private readonly IReadOnlyList<byte[]> _corpus;

        public Mutator(int seed, IReadOnlyList<byte[]> corpus)
        {
            _random = new Random(seed);
            _corpus = corpus;
        }

        /// <summary>The names of the mutations, in the order <see cref="Mutate"/> picks them.</summary>
        public static readonly string[] Kinds = { "bitflip", "insert", "delete", "duplicate", "splice", "truncate", "joinlines", "splitlines", "overlong", "badutf8" };

        /// <summary>A mutated copy of a random corpus entry, with 1–4 mutations applied; <paramref name="applied"/> names them.</summary>
        public byte[] Next(out string applied)
        {
            byte[] seed = _corpus[_random.Next(_corpus.Count)];
            var data = new List<byte>(seed);
            int count = 1 + _random.Next(4);
            var names = new List<string>();
            for (int i = 0; i < count; i++)
            {
                int kind = _random.Next(Kinds.Length);
                names.Add(Kinds[kind]);
                Mutate(data, kind);
            }
            applied = string.Join("+", names);
            return data.ToArray();
        }

        private void Mutate(List<byte> d, int kind)
        {
            int Pos(int extra = 0) => d.Count + extra <= 0 ? 0 : _random.Next(d.Count + extra);
            switch (kind)
            {
                case 0: // bit flips
                    for (int n = 1 + _random.Next(8); n > 0 && d.Count > 0; n--) { int p = Pos(); d[p] ^= (byte)(1 << _random.Next(8)); }
                    break;
                case 1: // insert random bytes
                    { int p = Pos(1); var bytes = new byte[1 + _random.Next(16)]; _random.NextBytes(bytes); d.InsertRange(p, bytes); }
                    break;
                case 2: // delete a range
                    if (d.Count > 0) { int p = Pos(); d.RemoveRange(p, Math.Min(d.Count - p, 1 + _random.Next(64))); }
                    break;
                case 3: // duplicate a chunk
                    if (d.Count > 0) { int p = Pos(); int len = Math.Min(d.Count - p, 1 + _random.Next(4096)); d.InsertRange(Pos(1), d.GetRange(p, len)); }
                    break;
                case 4: // splice with another corpus entry
                    {
                        byte[] other = _corpus[_random.Next(_corpus.Count)];
                        int cut = Pos(1);
                        int from = other.Length == 0 ? 0 : _random.Next(other.Length);
                        d.RemoveRange(cut, d.Count - cut);
                        d.AddRange(other.Skip(from));
                    }
                    break;
                case 5: // truncate
                    if (d.Count > 0) { int p = Pos(); d.RemoveRange(p, d.Count - p); }
                    break;
                case 6: // join lines: drop some newlines
                    for (int n = 1 + _random.Next(16); n > 0; n--) { int i = d.IndexOf((byte)'\n', Pos()); if (i >= 0) d.RemoveAt(i); }
                    break;
                case 7: // split lines: add newlines
                    for (int n = 1 + _random.Next(16); n > 0; n--) d.Insert(Pos(1), (byte)'\n');
                    break;
                case 8: // an overlong line (the harness caps lines at 64 KiB, so 100 KiB is over the cap)
                    d.InsertRange(Pos(1), Enumerable.Repeat((byte)'A', 100 * 1024));
                    break;
                case 9: // invalid UTF-8
                    d.InsertRange(Pos(1), new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0xE2, 0x82 });
                    break;
            }
        }

        /// <summary>Text seeds as bytes.</summary>
        public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
    }
}
