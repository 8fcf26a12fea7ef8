using System;
using System.Globalization;
using System.Management.Automation;
using VirtDiag.Guest;

namespace VirtDiag
{
    /// <summary>
    /// A Windows bug check (STOP) code as PowerShell shows it: <c>Code</c> of BugCheckCode and GuestOsFailure (type data
    /// in VirtDiag.types.ps1xml). It compares equal to the code however an admin types it: <c>0xC000021A</c> (an Int32
    /// -1073741286 in PowerShell), <c>0xC000021Au</c>, <c>3221226010</c>, <c>'0xC000021A'</c>, and prints as Windows does.
    /// </summary>
    public readonly struct StopCode : IEquatable<StopCode>, IComparable<StopCode>, IComparable, IFormattable
    {
        /// <summary>A code of the given value.</summary>
        public StopCode(ulong value) { Value = value; }

        /// <summary>The code as a number.</summary>
        public ulong Value { get; }

        /// <summary>The type-data getter: the record's .NET <c>Code</c> as a StopCode (null when the record has none).</summary>
        public static object? Of(PSObject instance)
        {
            switch (instance?.BaseObject)
            {
                case BugCheckCode b: return new StopCode(b.Code);
                case GuestOsFailure f: return f.Code is ulong code ? new StopCode(code) : null;
                default: return null;
            }
        }

        /// <summary>Reads a code from a number or text the way an admin writes it; false when it is not one.</summary>
        public static bool TryConvert(object? value, out ulong code)
        {
            code = 0;
            if (value is PSObject ps) value = ps.BaseObject;
            switch (value)
            {
                case StopCode s: code = s.Value; return true;
                // PowerShell types hex literals above 0x7FFFFFFF as negative Int32 (0xC000021A is -1073741286): take the bits.
                case int i: code = unchecked((uint)i); return true;
                case short h: code = unchecked((uint)h); return true;
                case sbyte b: code = unchecked((uint)b); return true;
                case long l when l >= int.MinValue: code = l < 0 ? unchecked((uint)l) : (ulong)l; return true;
                case uint u: code = u; return true;
                case ulong u: code = u; return true;
                case ushort u: code = u; return true;
                case byte u: code = u; return true;
                case double d when d >= 0 && d <= ulong.MaxValue && Math.Floor(d) == d: code = (ulong)d; return true;
                case decimal m when m >= 0 && m <= ulong.MaxValue && decimal.Floor(m) == m: code = (ulong)m; return true;
                case string s: return BugCheckCodes.TryParseCode(s, out code);
                default: return false;
            }
        }

        /// <summary>Parses <c>0x50</c>, <c>0x00000050</c> or <c>50</c> (hex, as the bug check table writes codes).</summary>
        public static StopCode Parse(string text) =>
            BugCheckCodes.TryParseCode(text, out ulong code) ? new StopCode(code) : throw new FormatException("'" + text + "' is not a bug check code.");

        /// <summary>From a PowerShell integer literal (negative Int32 hex literals keep their bits).</summary>
        public static implicit operator StopCode(int value) => new StopCode(unchecked((uint)value));

        /// <summary>From an unsigned 32-bit code.</summary>
        public static implicit operator StopCode(uint value) => new StopCode(value);

        /// <summary>From a 64-bit integer.</summary>
        public static implicit operator StopCode(long value) => new StopCode(value < 0 ? unchecked((uint)value) : (ulong)value);

        /// <summary>From an unsigned 64-bit code.</summary>
        public static implicit operator StopCode(ulong value) => new StopCode(value);

        /// <summary>To the Int32 a PowerShell hex literal of the code is (<c>0xC000021A</c> is -1073741286); used by <c>-in</c> and <c>-contains</c>.</summary>
        public static explicit operator int(StopCode code) => unchecked((int)(uint)code.Value);

        /// <summary>To an unsigned 32-bit number.</summary>
        public static explicit operator uint(StopCode code) => unchecked((uint)code.Value);

        /// <summary>To a 64-bit integer.</summary>
        public static explicit operator long(StopCode code) => unchecked((long)code.Value);

        /// <summary>To an unsigned 64-bit number.</summary>
        public static explicit operator ulong(StopCode code) => code.Value;

        /// <summary>True when both are the same code.</summary>
        public static bool operator ==(StopCode left, StopCode right) => left.Value == right.Value;

        /// <summary>True when the codes differ.</summary>
        public static bool operator !=(StopCode left, StopCode right) => left.Value != right.Value;

        /// <inheritdoc/>
        public bool Equals(StopCode other) => Value == other.Value;

        /// <summary>True for the same code given as a StopCode, any integer (Int32 bits as PowerShell hex literals) or text.</summary>
        public override bool Equals(object? obj) => TryConvert(obj, out ulong code) && code == Value;

        /// <inheritdoc/>
        public override int GetHashCode() => Value.GetHashCode();

        /// <inheritdoc/>
        public int CompareTo(StopCode other) => Value.CompareTo(other.Value);

        /// <inheritdoc/>
        public int CompareTo(object? obj)
        {
            if (obj == null) return 1;
            if (!TryConvert(obj, out ulong code)) throw new ArgumentException("'" + obj + "' is not a bug check code.", nameof(obj));
            return Value.CompareTo(code);
        }

        /// <summary>The code as Windows prints it in a STOP line: <c>0x0000007E</c>.</summary>
        public override string ToString() => "0x" + Value.ToString("X8", CultureInfo.InvariantCulture);

        /// <summary>The default form for a null format, else the number formatted (<c>'{0:D}' -f $code</c>).</summary>
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            string.IsNullOrEmpty(format) ? ToString() : Value.ToString(format, formatProvider);
    }
}
