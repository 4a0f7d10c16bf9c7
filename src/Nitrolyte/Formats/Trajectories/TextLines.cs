using System.Globalization;
using System.IO.Compression;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// A forward-only line reader over a text file (transparently gunzipped when the name ends in .gz or the file
/// starts with the gzip magic bytes) that counts lines, so parse errors can name the line.
/// </summary>
internal sealed class TextLines : IDisposable
{
    private readonly ByteLineReader _reader;
    public string Path { get; }
    public long LineNumber { get; private set; }
    private string? _pushedBack;
    private readonly CountingStream? _gzip;
    private readonly long _gzipTrailerSize;
    private bool _first = true;
    private readonly long _baseOffset;

    /// <summary>True when the file is gzip-compressed (no byte ranges can be read from it).</summary>
    public bool Compressed => _gzip is not null;

    /// <summary>Byte offset in the file of the next line not yet read (uncompressed files only).</summary>
    public long NextOffset => _baseOffset + _reader.NextLineOffset;

    /// <summary>
    /// The lines of the byte range [<paramref name="offset"/>, offset + <paramref name="length"/>) of an uncompressed
    /// file, which must start at a line start; line numbers continue from <paramref name="linesBefore"/> (chunked parsing).
    /// </summary>
    public TextLines(string path, long offset, long length, long linesBefore, int bufferSize = 1 << 20)
    {
        Path = path;
        _baseOffset = offset;
        LineNumber = linesBefore;
        _first = offset == 0;
        var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        s.Seek(offset, SeekOrigin.Begin);
        _reader = new ByteLineReader(s, (int)Math.Min(bufferSize, Math.Max(4096, length + 1)), length);
    }

    public TextLines(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (IsGzip(s))
        {
            // ISIZE (uncompressed size mod 2^32) is the file's last 4 bytes; a truncated file ends in deflate data instead
            var tail = new byte[4];
            if (s.Length >= 22) { s.Seek(-4, SeekOrigin.End); s.ReadExactly(tail); s.Seek(0, SeekOrigin.Begin); }
            _gzipTrailerSize = BitConverter.ToUInt32(tail);
            s = _gzip = new CountingStream(new GZipStream(s, CompressionMode.Decompress));
        }
        // Lines are read as bytes through one buffer: coordinate lines are parsed without a string per line.
        _reader = new ByteLineReader(s, 1 << 20);
    }

    private static bool IsGzip(Stream s)
    {
        var b = new byte[2];
        int n = s.Read(b, 0, 2);
        s.Seek(0, SeekOrigin.Begin);
        return n == 2 && b[0] == 0x1f && b[1] == 0x8b;
    }

    /// <summary>Next line as bytes (valid until the next call), or false at end of file.</summary>
    public bool NextSpan(out ReadOnlySpan<byte> line)
    {
        if (_pushedBack is not null)
        {
            line = System.Text.Encoding.UTF8.GetBytes(_pushedBack);
            _pushedBack = null;
            LineNumber++;
            return true;
        }
        bool ok;
        try { ok = _reader.TryReadLine(out line); }
        catch (InvalidDataException e) { throw new NitrolyteFormatException(Path, $"corrupt gzip data ({e.Message})", LineNumber + 1); }
        if (ok)
        {
            LineNumber++;
            if (_first)
            {
                _first = false;
                if (line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF) line = line[3..];
            }
            return true;
        }
        // .NET's GZipStream ends silently on a truncated file: fewer bytes than the trailer's size means data is
        // missing (never a false alarm: a complete file, also multi-member or > 4 GB, yields at least ISIZE bytes)
        if (_gzip is not null && _gzip.Count < _gzipTrailerSize)
            throw new NitrolyteFormatException(Path, $"the gzip data ends early after {_gzip.Count} bytes (the file is truncated or corrupt)", LineNumber);
        return false;
    }

    /// <summary>Next line, or null at end of file.</summary>
    public string? Next()
    {
        if (_pushedBack is not null) { var p = _pushedBack; _pushedBack = null; LineNumber++; return p; }
        return NextSpan(out var span) ? System.Text.Encoding.UTF8.GetString(span) : null;
    }

    /// <summary>Next line; throws naming <paramref name="expected"/> at end of file.</summary>
    public string Require(string expected) =>
        Next() ?? throw new NitrolyteFormatException(Path, $"unexpected end of file: expected {expected}", LineNumber + 1);

    public void PushBack(string line) { _pushedBack = line; LineNumber--; }

    public NitrolyteFormatException Error(string problem) => new(Path, problem, LineNumber);

    public void Dispose() => _reader.Dispose();

    /// <summary>Parses the first <paramref name="count"/> whitespace-separated numbers of a line into <paramref name="dest"/>.</summary>
    public void ParseDoubles(string line, Span<double> dest, string what)
    {
        var span = line.AsSpan();
        int k = 0, i = 0;
        while (k < dest.Length)
        {
            while (i < span.Length && (span[i] == ' ' || span[i] == '\t')) i++;
            if (i >= span.Length) throw Error($"expected {dest.Length} numbers ({what}), found {k}: '{Trunc(line)}'");
            int start = i;
            while (i < span.Length && span[i] != ' ' && span[i] != '\t') i++;
            if (!double.TryParse(span[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out dest[k]) || !double.IsFinite(dest[k]))
                throw Error($"'{span[start..i].ToString()}' is not a number ({what})");
            k++;
        }
    }

    /// <summary>
    /// The byte version of <see cref="ParseDoubles(string, Span{double}, string)"/>: the allocation-free fast path, and the
    /// string version (same rules) only to word the error of a bad line.
    /// </summary>
    public void ParseDoubles(ReadOnlySpan<byte> line, Span<double> dest, string what)
    {
        if (!TryParseDoubles(line, dest)) ParseDoubles(Text(line), dest, what);
    }

    /// <summary>Parses the first <c>dest.Length</c> numbers of a byte line; false (without a message) on anything the string version refuses.</summary>
    public static bool TryParseDoubles(ReadOnlySpan<byte> line, Span<double> dest)
    {
        int k = 0, i = 0;
        while (k < dest.Length)
        {
            while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i >= line.Length) return false;
            int start = i;
            while (i < line.Length && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
            var token = line[start..i];
            if (!FastNumber.TryParsePoint(token, out dest[k]) || !double.IsFinite(dest[k])) return false;
            k++;
        }
        return true;
    }

    /// <summary>Whitespace-separated tokens of a byte line into <paramref name="ranges"/>; returns how many (at most its length).</summary>
    public static int SplitTokens(ReadOnlySpan<byte> line, Span<Range> ranges)
    {
        int n = 0, i = 0;
        while (n < ranges.Length)
        {
            while (i < line.Length && (line[i] == (byte)' ' || line[i] == (byte)'\t')) i++;
            if (i >= line.Length) break;
            int start = i;
            while (i < line.Length && line[i] != (byte)' ' && line[i] != (byte)'\t') i++;
            ranges[n++] = new Range(start, i);
        }
        return n;
    }

    /// <summary>A finite number in a byte token (decimal point only).</summary>
    public static bool TryNumber(ReadOnlySpan<byte> token, out double value) =>
        FastNumber.TryParsePoint(token, out value) && double.IsFinite(value);

    /// <summary>A plain decimal integer token (optional sign, at most 18 digits); false for anything else.</summary>
    public static bool TryInteger(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        int i = 0;
        bool neg = false;
        if (token.Length > 0 && (token[0] == (byte)'-' || token[0] == (byte)'+')) { neg = token[0] == (byte)'-'; i = 1; }
        if (i >= token.Length || token.Length - i > 18) return long.TryParse(token, out value);
        long v = 0;
        for (; i < token.Length; i++)
        {
            uint d = (uint)(token[i] - (byte)'0');
            if (d > 9) return long.TryParse(token, out value);
            v = v * 10 + d;
        }
        value = neg ? -v : v;
        return true;
    }

    public static string Text(ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    public static string[] Tokens(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A read-only pass-through that counts the bytes read.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Count { get; private set; }
        public override int Read(byte[] buffer, int offset, int count) { int n = inner.Read(buffer, offset, count); Count += n; return n; }
        public override int Read(Span<byte> buffer) { int n = inner.Read(buffer); Count += n; return n; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => Count; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); base.Dispose(disposing); }
    }

    public static string Trunc(string s) => s.Length > 60 ? s[..60] + "..." : s;
}
