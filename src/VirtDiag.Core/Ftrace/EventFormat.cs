using System;
using System.Threading;
using System.Collections.Generic;
using System.Globalization;

namespace VirtDiag.Ftrace
{
    /// <summary>One field of an event format file.</summary>
    internal sealed class FormatField
    {
        public string Name = "";
        public string Type = "";
        public int Offset;
        public int Size;
        public bool Signed;
        public bool IsArray;        // static [N] or dynamic
        public bool IsDynamic;      // __data_loc / __rel_loc
        public bool IsRelative;     // __rel_loc
        public bool IsString;       // char element type
        public bool IsPointer;
        public bool IsLong;
        public bool IsBool;
        public bool IsRawString;
        public int ElementSize;     // for arrays
        public int Index;

        public override string ToString() => Type + " " + Name + " @" + Offset + "+" + Size;
    }

    /// <summary>An event format file: id, system, name, field layout and print fmt.</summary>
    internal sealed class EventFormat
    {
        public int Id;
        public string System = "";
        public string Name = "";
        public FormatField[] CommonFields = Array.Empty<FormatField>();
        public FormatField[] Fields = Array.Empty<FormatField>();
        public string PrintFmt = "";
        public FormatField? CommonType, CommonFlags, CommonPreempt, CommonPid;
        private PrintFormat? _print;
        private bool _printParsed;
        private readonly object _printLock = new object();
        internal string[]? FieldNames;
        internal FormatField[]? LearnPairs;   // (comm, pid) field pairs whose names the reader learns (sched_switch, sched_wakeup)
        internal EventDecoder.RawPlan? RawPlan; // which print fmt conversion prints each field raw (-R), found once per format

        public FormatField? Field(string name)
        {
            foreach (FormatField f in Fields) if (f.Name == name) return f;
            foreach (FormatField f in CommonFields) if (f.Name == name) return f;
            return null;
        }

        /// <summary>The parsed print fmt (null when it has none or it cannot be parsed), parsed once; events of one format may be
        /// rendered on several threads at once, so the first call parses under a lock and the others wait for it.</summary>
        public PrintFormat? Print(TraceFileContext file)
        {
            if (Volatile.Read(ref _printParsed)) return _print;
            lock (_printLock)
            {
                if (!_printParsed)
                {
                    try { _print = PrintFormat.TryParse(PrintFmt, this, file.LongSize); }
                    finally { Volatile.Write(ref _printParsed, true); }
                }
            }
            return _print;
        }

        /// <summary>Parses a format file; null when it has no name or id.</summary>
        public static EventFormat? Parse(string text, string system, int longSize)
        {
            var ev = new EventFormat { System = system };
            var common = new List<FormatField>();
            var fields = new List<FormatField>();
            bool seenBlank = false;
            bool inFormat = false;
            foreach (string raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                string t = line.Trim();
                if (t.StartsWith("name:", StringComparison.Ordinal)) { ev.Name = t.Substring(5).Trim(); continue; }
                if (t.StartsWith("ID:", StringComparison.Ordinal))
                {
                    int.TryParse(t.Substring(3).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out ev.Id);
                    continue;
                }
                if (t == "format:") { inFormat = true; continue; }
                if (t.StartsWith("print fmt:", StringComparison.Ordinal))
                {
                    // the print fmt runs to the end of the text: some kernels put a real newline inside its string
                    // (mmap_lock_*, 9p_protocol_dump "...\n", args on the next line); libtraceevent tokenizes across it
                    int at = text.IndexOf("print fmt:", StringComparison.Ordinal);
                    ev.PrintFmt = text.Substring(at + 10).Trim().TrimEnd('\0').Trim();
                    break;
                }
                if (!inFormat) continue;
                if (t.Length == 0) { seenBlank = true; continue; }
                FormatField? f = ParseField(t, longSize);
                if (f == null) continue;
                if (!seenBlank && f.Name.StartsWith("common_", StringComparison.Ordinal)) common.Add(f);
                else fields.Add(f);
            }
            if (ev.Name.Length == 0) return null;
            ev.CommonFields = common.ToArray();
            ev.Fields = fields.ToArray();
            for (int i = 0; i < ev.Fields.Length; i++) ev.Fields[i].Index = i;
            foreach (FormatField f in common)
            {
                switch (f.Name)
                {
                    case "common_type": ev.CommonType = f; break;
                    case "common_flags": ev.CommonFlags = f; break;
                    case "common_preempt_count": ev.CommonPreempt = f; break;
                    case "common_pid": ev.CommonPid = f; break;
                }
            }
            return ev;
        }

        // "field:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;"
        internal static FormatField? ParseField(string t, int longSize)
        {
            if (!t.StartsWith("field:", StringComparison.Ordinal)) return null;
            string[] parts = t.Split(';');
            if (parts.Length < 3) return null;
            string decl = parts[0].Substring(6).Trim();
            var f = new FormatField();
            bool haveSigned = false;
            for (int i = 1; i < parts.Length; i++)
            {
                string p = parts[i].Trim();
                int c = p.IndexOf(':');
                if (c < 0) continue;
                string key = p.Substring(0, c);
                int.TryParse(p.Substring(c + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v);
                if (key == "offset") f.Offset = v;
                else if (key == "size") f.Size = v;
                else if (key == "signed") { f.Signed = v != 0; haveSigned = true; }
            }
            // declaration: type name[len]
            string arr = "";
            int br = decl.IndexOf('[');
            string head = decl;
            if (br >= 0 && decl.EndsWith("]", StringComparison.Ordinal))
            {
                // the brackets may belong to the type (__data_loc char[] name) or the name (char comm[16])
                int lastSpace = decl.LastIndexOf(' ');
                if (br > lastSpace) { arr = decl.Substring(br); head = decl.Substring(0, br); }
            }
            head = head.Trim();
            int sp = head.LastIndexOf(' ');
            string type = sp < 0 ? "" : head.Substring(0, sp).Trim();
            string name = sp < 0 ? head : head.Substring(sp + 1);
            while (name.StartsWith("*", StringComparison.Ordinal)) { type += "*"; name = name.Substring(1); }
            f.Name = name;
            f.Type = type + arr;
            if (type.StartsWith("__data_loc", StringComparison.Ordinal) || type.StartsWith("__rel_loc", StringComparison.Ordinal))
            {
                f.IsDynamic = true;
                f.IsArray = true;
                f.IsRelative = type.StartsWith("__rel_loc", StringComparison.Ordinal);
                string elem = type.Substring(f.IsRelative ? 9 : 10).Trim();
                int b = elem.IndexOf('[');
                if (b >= 0) elem = elem.Substring(0, b).Trim();
                f.IsString = IsCharType(elem);
                f.ElementSize = TypeSize(elem, longSize);
                f.IsPointer = elem.EndsWith("*", StringComparison.Ordinal);
            }
            else if (arr.Length > 0)
            {
                f.IsArray = true;
                f.IsString = IsCharType(type);
                string lenText = arr.Substring(1, arr.Length - 2);
                int n = 0;
                int.TryParse(lenText, NumberStyles.Integer, CultureInfo.InvariantCulture, out n);
                f.ElementSize = n > 0 && f.Size > 0 ? f.Size / n : Math.Max(1, TypeSize(type, longSize));
            }
            else
            {
                f.IsPointer = type.IndexOf('*') >= 0;
                f.IsBool = type == "bool" || type == "_Bool";
                string bare = type.Replace("unsigned", "").Replace("signed", "").Replace("const", "").Trim();
                if (!haveSigned) f.Signed = !type.StartsWith("unsigned", StringComparison.Ordinal) && !type.StartsWith("u", StringComparison.Ordinal);
            }
            // As libtraceevent flags them: any type naming "long" (long long too) prints in hex when raw; arrays of
            // char/u8/s8 print as text when printable.
            f.IsLong = type.IndexOf("long", StringComparison.Ordinal) >= 0;
            f.IsRawString = f.IsArray && (type.IndexOf("char", StringComparison.Ordinal) >= 0 || type.IndexOf("u8", StringComparison.Ordinal) >= 0 || type.IndexOf("s8", StringComparison.Ordinal) >= 0);
            return f;
        }

        private static bool IsCharType(string t)
        {
            t = t.Replace("const", "").Replace("unsigned", "").Replace("signed", "").Trim();
            return t == "char";
        }

        internal static int TypeSize(string t, int longSize)
        {
            t = t.Replace("const", "").Replace("volatile", "").Trim();
            if (t.EndsWith("*", StringComparison.Ordinal)) return longSize;
            t = t.Replace("unsigned", "").Replace("signed", "").Trim();
            switch (t)
            {
                case "char": case "u8": case "s8": case "bool": case "_Bool": case "__u8": case "__s8": return 1;
                case "short": case "u16": case "s16": case "__u16": case "__s16": case "__be16": case "__le16": case "short int": return 2;
                case "": case "int": case "u32": case "s32": case "__u32": case "__s32": case "__be32": case "__le32": case "pid_t": case "gfp_t": return 4;
                case "long": case "long int": case "size_t": case "ssize_t": return longSize;
                default: return 8;
            }
        }
    }
}
