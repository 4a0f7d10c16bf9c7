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

    public TextLines(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        Stream s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (IsGzip(s)) s = new GZipStream(s, CompressionMode.Decompress);
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

    public static string Trunc(string s) => s.Length > 60 ? s[..60] + "..." : s;
}
