namespace VirtDiag.Io.Compression.Zstd
{
    /// <summary>A decoding state of a sequence FSE table with the code's baseline and extra bits resolved.</summary>
    internal struct SeqEntry
    {
        public uint BaseValue;
        public ushort NextState;
        public byte NbAddBits;
        public byte NbBits;
    }

    /// <summary>One of the three sequence tables (literal lengths, offsets, match lengths) as used by a block.</summary>
    internal sealed class SeqTable
    {
        public SeqTable(int capacity) => Entries = new SeqEntry[capacity];

        public readonly SeqEntry[] Entries;
        public int Log;
    }

    /// <summary>
    /// The code tables of RFC 8878 §3.1.1.3.2: baselines and extra bits of literal length, match length and offset
    /// codes, their predefined distributions, and building a <see cref="SeqTable"/> from an FSE table.
    /// </summary>
    internal static class SequenceTables
    {
        public const int MaxLiteralLengthCode = 35;
        public const int MaxMatchLengthCode = 52;
        public const int MaxOffsetCode = 31;
        public const int MaxLiteralLengthLog = 9;
        public const int MaxMatchLengthLog = 9;
        public const int MaxOffsetLog = 8;

        public static readonly uint[] LiteralLengthBase =
        {
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
            16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
            8192, 16384, 32768, 65536,
        };

        public static readonly byte[] LiteralLengthBits =
        {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12,
            13, 14, 15, 16,
        };

        public static readonly uint[] MatchLengthBase =
        {
            3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
            19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
            35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
            4099, 8195, 16387, 32771, 65539,
        };

        public static readonly byte[] MatchLengthBits =
        {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11,
            12, 13, 14, 15, 16,
        };

        public static readonly uint[] OffsetBase = BuildOffsetBase();
        public static readonly byte[] OffsetBits = BuildOffsetBits();

        private static readonly short[] s_literalLengthDefault =
        {
            4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
            2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
            -1, -1, -1, -1,
        };

        private static readonly short[] s_matchLengthDefault =
        {
            1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
            -1, -1, -1, -1, -1,
        };

        private static readonly short[] s_offsetDefault =
        {
            1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
        };

        public static readonly SeqTable LiteralLengthDefault = Predefined(s_literalLengthDefault, 6, LiteralLengthBase, LiteralLengthBits);
        public static readonly SeqTable MatchLengthDefault = Predefined(s_matchLengthDefault, 6, MatchLengthBase, MatchLengthBits);
        public static readonly SeqTable OffsetDefault = Predefined(s_offsetDefault, 5, OffsetBase, OffsetBits);

        private static uint[] BuildOffsetBase()
        {
            var b = new uint[MaxOffsetCode + 1];
            for (int i = 0; i <= MaxOffsetCode; i++) b[i] = 1u << i;
            return b;
        }

        private static byte[] BuildOffsetBits()
        {
            var b = new byte[MaxOffsetCode + 1];
            for (int i = 0; i <= MaxOffsetCode; i++) b[i] = (byte)i;
            return b;
        }

        private static SeqTable Predefined(short[] dist, int log, uint[] baseValues, byte[] bits)
        {
            var norm = new short[256];
            System.Array.Copy(dist, norm, dist.Length);
            var fse = new FseEntry[1 << log];
            Fse.Build(norm, dist.Length, log, fse, new ushort[256], 0);
            var t = new SeqTable(1 << log);
            Fill(t, fse, log, baseValues, bits);
            return t;
        }

        /// <summary>Resolves each state's symbol to its baseline and extra bits.</summary>
        public static void Fill(SeqTable table, FseEntry[] fse, int log, uint[] baseValues, byte[] bits)
        {
            int size = 1 << log;
            for (int i = 0; i < size; i++)
            {
                FseEntry e = fse[i];
                table.Entries[i] = new SeqEntry
                {
                    BaseValue = baseValues[e.Symbol],
                    NbAddBits = bits[e.Symbol],
                    NbBits = e.NbBits,
                    NextState = e.NewState,
                };
            }
            table.Log = log;
        }

        /// <summary>Makes <paramref name="table"/> the one-state table of an RLE-coded symbol.</summary>
        public static void Rle(SeqTable table, int symbol, uint[] baseValues, byte[] bits)
        {
            table.Entries[0] = new SeqEntry { BaseValue = baseValues[symbol], NbAddBits = bits[symbol], NbBits = 0, NextState = 0 };
            table.Log = 0;
        }
    }
}
