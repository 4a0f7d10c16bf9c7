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
    private readonly StreamReader _reader;
    public string Path { get; }
    public long LineNumber { get; private set; }
    private string? _pushedBack;
    private readonly CountingStream? _gzip;
    private readonly long _gzipTrailerSize;

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
        _reader = new StreamReader(s, System.Text.Encoding.UTF8, true, 1 << 16);
    }

    private static bool IsGzip(Stream s)
    {
        var b = new byte[2];
        int n = s.Read(b, 0, 2);
        s.Seek(0, SeekOrigin.Begin);
        return n == 2 && b[0] == 0x1f && b[1] == 0x8b;
    }

    /// <summary>Next line, or null at end of file.</summary>
    public string? Next()
    {
        if (_pushedBack is not null) { var p = _pushedBack; _pushedBack = null; LineNumber++; return p; }
        string? line;
        try { line = _reader.ReadLine(); }
        catch (InvalidDataException e) { throw new NitrolyteFormatException(Path, $"corrupt gzip data ({e.Message})", LineNumber + 1); }
        if (line is not null) LineNumber++;
        // .NET's GZipStream ends silently on a truncated file: fewer bytes than the trailer's size means data is
        // missing (never a false alarm: a complete file, also multi-member or > 4 GB, yields at least ISIZE bytes)
        if (_gzip is not null && (line is null || _reader.EndOfStream) && _gzip.Count < _gzipTrailerSize)
            throw new NitrolyteFormatException(Path, $"the gzip data ends early after {_gzip.Count} bytes (the file is truncated or corrupt)", LineNumber);
        return line;
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
