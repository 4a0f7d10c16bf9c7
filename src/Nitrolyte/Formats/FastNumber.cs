using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Nitrolyte.Formats;

/// <summary>
/// Fast parsing of decimal numbers from ASCII/Latin-1 bytes, as instrument exports write them:
/// optional sign, digits, a decimal point <b>or a decimal comma</b> (EC-Lab and Gamry files written under a
/// German locale), optional exponent. Numbers whose mantissa has at most 19 significant digits and whose decimal
/// exponent is small are assembled exactly (Clinger's fast path: an integer below 2^53 times an exact power of
/// ten is correctly rounded); everything else falls back to the framework parser, so results are always the
/// correctly rounded double.
/// </summary>
public static class FastNumber
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="s"/> (leading/trailing blanks allowed). Returns false when it is not a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> s, out double value) => Parse(s, out value, allowComma: true);

    /// <summary>As <see cref="TryParse(ReadOnlySpan{byte}, out double)"/> but a decimal comma (or any comma) is refused:
    /// trajectory formats write a decimal point only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParsePoint(ReadOnlySpan<byte> s, out double value) => Parse(s, out value, allowComma: false);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Parse(ReadOnlySpan<byte> s, out double value, bool allowComma)
    {
        int i = 0, n = s.Length;
        while (i < n && (s[i] == (byte)' ' || s[i] == (byte)'\t')) i++;
        while (n > i && (s[n - 1] == (byte)' ' || s[n - 1] == (byte)'\t' || s[n - 1] == (byte)'\r')) n--;
        if (i >= n) { value = 0; return false; }
        int start = i;
        bool neg = false;
        if (s[i] == (byte)'-') { neg = true; i++; }
        else if (s[i] == (byte)'+') i++;
        ulong mant = 0;
        int digits = 0, fracDigits = 0, dropped = 0;
        bool any = false;
        while (i < n)
        {
            uint d = (uint)(s[i] - (byte)'0');
            if (d > 9) break;
            any = true;
            if (digits < 19) { mant = mant * 10 + d; if (mant != 0) digits++; }
            else dropped++;
            i++;
        }
        if (i < n && (s[i] == (byte)'.' || (allowComma && s[i] == (byte)',')))
        {
            i++;
            while (i < n)
            {
                uint d = (uint)(s[i] - (byte)'0');
                if (d > 9) break;
                any = true;
                if (digits < 19) { mant = mant * 10 + d; if (mant != 0) digits++; fracDigits++; }
                i++;
            }
        }
        if (!any) return Slow(s[start..n], out value, allowComma);
        int exp = 0;
        if (i < n && (s[i] == (byte)'E' || s[i] == (byte)'e'))
        {
            i++;
            bool eneg = false;
            if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { eneg = s[i] == (byte)'-'; i++; }
            int ed = 0;
            while (i < n)
            {
                uint d = (uint)(s[i] - (byte)'0');
                if (d > 9) break;
                if (exp < 100000) exp = exp * 10 + (int)d;
                ed++;
                i++;
            }
            if (ed == 0) { value = 0; return false; }
            if (eneg) exp = -exp;
        }
        if (i != n) return Slow(s[start..n], out value, allowComma);
        int e10 = exp - fracDigits + dropped;
        if (mant == 0) { value = neg ? -0.0 : 0.0; return true; }
        if (mant <= (1UL << 53) && e10 >= -22 && e10 <= 22)
        {
            double m = mant;
            value = e10 >= 0 ? m * Pow10[e10] : m / Pow10[-e10];
            if (neg) value = -value;
            return true;
        }
        return Slow(s[start..n], out value, allowComma);
    }

    private static bool Slow(ReadOnlySpan<byte> s, out double value, bool allowComma = true)
    {
        if (!allowComma && s.IndexOf((byte)',') >= 0) { value = 0; return false; }
        Span<char> buf = s.Length <= 128 ? stackalloc char[s.Length] : new char[s.Length];
        for (int k = 0; k < s.Length; k++) buf[k] = s[k] == (byte)',' ? '.' : (char)s[k];
        return double.TryParse(buf, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>String version (decimal point or comma).</summary>
    public static bool TryParse(string s, out double value)
    {
        Span<byte> b = s.Length <= 256 ? stackalloc byte[s.Length] : new byte[s.Length];
        for (int k = 0; k < s.Length; k++)
        {
            char c = s[k];
            if (c > 127) return double.TryParse(s.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            b[k] = (byte)c;
        }
        return TryParse(b, out value);
    }
}

/// <summary>
/// Reads a file line by line as raw bytes through a fixed buffer (memory does not grow with file length).
/// Lines end at '\n'; a trailing '\r' is removed. Lines longer than the buffer make it grow.
/// </summary>
public sealed class ByteLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buf;
    private int _start, _end;
    private bool _eof;

    public long LineNumber { get; private set; }
    /// <summary>Byte offset of the start of the last line returned.</summary>
    public long LineOffset { get; private set; }
    private long _bufferFileOffset;

    private long _remainingBytes;

    /// <param name="maxBytes">Read at most this many bytes from the stream's current position (for chunked parsing).</param>
    public ByteLineReader(Stream stream, int bufferSize = 1 << 20, long maxBytes = long.MaxValue)
    {
        _stream = stream;
        _buf = new byte[(int)Math.Min(bufferSize, Math.Max(maxBytes, 16))];
        _remainingBytes = maxBytes;
    }

    /// <summary>Offset (from where reading started) of the next byte not yet returned as part of a line.</summary>
    public long NextLineOffset => _bufferFileOffset + _start;

    /// <summary>Next line without its terminator, or false at end of file. The span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int nl = _buf.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int len = nl;
                if (len > 0 && _buf[_start + len - 1] == (byte)'\r') len--;
                line = _buf.AsSpan(_start, len);
                LineOffset = _bufferFileOffset + _start;
                _start += nl + 1;
                LineNumber++;
                return true;
            }
            if (_eof)
            {
                if (_start < _end)
                {
                    int len = _end - _start;
                    if (_buf[_start + len - 1] == (byte)'\r') len--;
                    line = _buf.AsSpan(_start, len);
                    LineOffset = _bufferFileOffset + _start;
                    _start = _end;
                    LineNumber++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buf, _start, _buf, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        if (_end == _buf.Length) Array.Resize(ref _buf, _buf.Length * 2);
        int want = (int)Math.Min(_buf.Length - _end, _remainingBytes);
        int read = want <= 0 ? 0 : _stream.Read(_buf, _end, want);
        _remainingBytes -= read;
        if (read == 0) _eof = true;
        else _end += read;
    }

    public void Dispose() => _stream.Dispose();
}

/// <summary>
/// A forward-only source of numeric rows (a streaming reader): column names, then one row at a time into a
/// caller-provided buffer. Used where an analysis or a conversion does not need the whole table in memory.
/// </summary>
public interface ITableRowReader : IDisposable
{
    IReadOnlyList<string> ColumnNames { get; }
    /// <summary>Fills <paramref name="row"/> (length = ColumnNames.Count); false at the end.</summary>
    bool ReadRow(Span<double> row);
}
