using Nitrolyte.Core;

namespace Nitrolyte.Formats.BioLogic;

/// <summary>Reads BioLogic EC-Lab files into <see cref="BioLogicFile"/> (all columns in memory). For streaming use
/// <see cref="Open"/>, which returns a row reader whose memory does not grow with the file.</summary>
public static class BioLogicReader
{
    /// <summary>Reads an .mpr or .mpt file, chosen by its first bytes (then by extension).</summary>
    public static BioLogicFile Read(string path) => IsMpr(path) ? ReadMpr(path) : ReadMpt(path);

    /// <param name="onlyColumns">When given, only these columns are kept (read sequentially, row by row): memory then
    /// grows with the rows times the kept columns, not with the whole file (a 500 MB export with 29 columns read for a
    /// cycling analysis needs 6 of them).</param>
    public static BioLogicFile ReadMpt(string path, IReadOnlySet<string>? onlyColumns = null)
    {
        using var r = new MptRowReader(path);
        long length = new FileInfo(path).Length;
        var cols = onlyColumns is not null
            ? CollectSelected(r, onlyColumns, CountLines(path) - r.HeaderLineCount)
            : length - r.DataStartOffset >= ParallelThresholdBytes && Environment.ProcessorCount > 1
            ? ParallelColumns(path, r, length)
            : Collect(r, CountLines(path) - r.HeaderLineCount, out _);
        var tech = r.Technique;
        var shortName = BioLogicTechniques.ShortFromLong(tech);
        return new BioLogicFile
        {
            FilePath = path,
            Technique = tech,
            TechniqueShort = shortName,
            StartTime = r.StartTime,
            Settings = r.Settings,
            Columns = cols,
            Warnings = r.Warnings.ToList(),
        };
    }

    public static BioLogicFile ReadMpr(string path)
    {
        using var r = new MprRowReader(path);
        var arrays = r.ReadAllColumns();
        var cols = r.ColumnNames.Select((n, k) => new BioLogicColumn(n, BioLogicColumn.UnitOf(n), arrays[k])).ToList();
        var warnings = r.Warnings.ToList();
        return new BioLogicFile
        {
            FilePath = path,
            Technique = BioLogicTechniques.LongFromShort(r.TechniqueShort),
            TechniqueShort = r.TechniqueShort,
            StartTime = r.StartTime,
            Settings = r.Settings,
            Columns = cols,
            Warnings = warnings,
        };
    }

    /// <summary>A streaming row reader for an .mpr or .mpt file.</summary>
    public static ITableRowReader Open(string path) => IsMpr(path) ? new MprRowReader(path) : new MptRowReader(path);

    /// <summary>True when the file starts with the mpr magic, or (when it cannot be read) has the .mpr extension.</summary>
    public static bool IsMpr(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        Span<byte> head = stackalloc byte[22];
        using (var fs = File.OpenRead(path))
        {
            int n = fs.Read(head);
            if (n == 22 && head.SequenceEqual("BIO-LOGIC MODULAR FILE"u8)) return true;
            if (n >= 17 && head[..17].SequenceEqual("EC-Lab ASCII FILE"u8)) return false;
        }
        return string.Equals(Path.GetExtension(path), ".mpr", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when the file looks like an EC-Lab file (either kind).</summary>
    public static bool LooksLikeBioLogic(string path)
    {
        Span<byte> head = stackalloc byte[22];
        using var fs = File.OpenRead(path);
        int n = fs.Read(head);
        return (n == 22 && head.SequenceEqual("BIO-LOGIC MODULAR FILE"u8)) || (n >= 17 && head[..17].SequenceEqual("EC-Lab ASCII FILE"u8));
    }

    /// <summary>Rows into one growing array per column (initial capacity guessed from the file size: no per-value boxing
    /// or list overhead; one final trim).</summary>
    /// <summary>Text files at least this large are parsed in parallel chunks (internal so tests can lower it).</summary>
    internal static long ParallelThresholdBytes = 16 << 20;

    /// <summary>
    /// The data section split at line boundaries into one chunk per core (at most 8); lines are counted per chunk
    /// (vectorised), the columns allocated once, and the chunks parsed concurrently into their row ranges. Results are
    /// identical to the sequential path; the first error (lowest line number) is reported.
    /// </summary>
    private static List<BioLogicColumn> ParallelColumns(string path, MptRowReader r, long length)
    {
        var names = r.ColumnNames;
        int n = names.Count;
        int k = Math.Clamp(Environment.ProcessorCount, 2, 8);
        long start = r.DataStartOffset;
        var bounds = new long[k + 1];
        bounds[0] = start; bounds[k] = length;
        using (var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
        {
            var probe = new byte[1 << 16];
            for (int i = 1; i < k; i++)
            {
                long pos = Math.Max(bounds[i - 1], start + (length - start) * i / k);
                fs.Position = pos;
                long at = length;
                int got;
                while ((got = fs.Read(probe)) > 0)
                {
                    int nl = probe.AsSpan(0, got).IndexOf((byte)'\n');
                    if (nl >= 0) { at = fs.Position - got + nl + 1; break; }
                }
                bounds[i] = Math.Min(at, length);
            }
        }
        var lineCounts = new long[k];
        Parallel.For(0, k, i => lineCounts[i] = CountLines(path, bounds[i], bounds[i + 1]));
        var rowStart = new long[k + 1];
        for (int i = 0; i < k; i++) rowStart[i + 1] = rowStart[i] + lineCounts[i];
        long total = rowStart[k];
        var cols = new double[n][];
        for (int c = 0; c < n; c++) cols[c] = new double[total];
        var filled = new long[k];
        var errors = new NitrolyteFormatException?[k];
        Parallel.For(0, k, i =>
        {
            try { filled[i] = MptRowReader.ParseChunkInto(path, names, bounds[i], bounds[i + 1], r.HeaderLineCount + 1 + rowStart[i], cols, rowStart[i], (byte)r.Separator, r.DateColumn, r.DateOrigin); }
            catch (NitrolyteFormatException e) { errors[i] = e; }
        });
        var firstError = errors.FirstOrDefault(e => e is not null);
        if (firstError is not null) throw firstError;
        // close the gaps left by blank lines
        long w = 0;
        for (int i = 0; i < k; i++)
        {
            if (w != rowStart[i]) foreach (var col in cols) Array.Copy(col, rowStart[i], col, w, filled[i]);
            w += filled[i];
        }
        var result = new List<BioLogicColumn>(n);
        for (int c = 0; c < n; c++)
        {
            var a = cols[c];
            if (a.LongLength != w) Array.Resize(ref a, (int)w);
            result.Add(new BioLogicColumn(names[c], BioLogicColumn.UnitOf(names[c]), a));
        }
        return result;
    }

    /// <summary>Lines in bytes [from, to) (a last line without '\n' counts).</summary>
    private static long CountLines(string path, long from, long to)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        fs.Position = from;
        var buf = new byte[1 << 20];
        long n = 0, left = to - from; byte last = (byte)'\n';
        while (left > 0)
        {
            int got = fs.Read(buf, 0, (int)Math.Min(buf.Length, left));
            if (got <= 0) break;
            n += buf.AsSpan(0, got).Count((byte)'\n');
            last = buf[got - 1];
            left -= got;
        }
        return last == (byte)'\n' || to == from ? n : n + 1;
    }

    /// <summary>Number of '\n' in the file (+1 when the last line has none): a fast vectorised pre-pass that lets the
    /// columns be allocated once at their final size.</summary>
    private static long CountLines(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var buf = new byte[1 << 20];
        long n = 0; int got; byte last = (byte)'\n';
        while ((got = fs.Read(buf)) > 0) { n += buf.AsSpan(0, got).Count((byte)'\n'); last = buf[got - 1]; }
        return last == (byte)'\n' ? n : n + 1;
    }

    private static List<BioLogicColumn> CollectSelected(ITableRowReader r, IReadOnlySet<string> only, long rowsHint)
    {
        int n = r.ColumnNames.Count;
        var keep = Enumerable.Range(0, n).Where(k => only.Contains(r.ColumnNames[k])).ToArray();
        var row = new double[n];
        long rows = 0;
        int cap = 0;
        var arrays = new double[keep.Length][];
        while (r.ReadRow(row))
        {
            if (rows == cap)
            {
                int newCap = cap == 0 ? (int)Math.Clamp(rowsHint, 16, int.MaxValue / 2) : checked(cap + cap / 2 + 16);
                for (int k = 0; k < keep.Length; k++) Array.Resize(ref arrays[k], newCap);
                cap = newCap;
            }
            for (int k = 0; k < keep.Length; k++) arrays[k][rows] = row[keep[k]];
            rows++;
        }
        var cols = new List<BioLogicColumn>(keep.Length);
        for (int k = 0; k < keep.Length; k++)
        {
            var a = arrays[k] ?? [];
            if (a.Length != rows) Array.Resize(ref a, (int)rows);
            var name = r.ColumnNames[keep[k]];
            cols.Add(new BioLogicColumn(name, BioLogicColumn.UnitOf(name), a));
        }
        return cols;
    }

    private static List<BioLogicColumn> Collect(ITableRowReader r, long rowsHint, out long rows)
    {
        int n = r.ColumnNames.Count;
        var row = new double[n];
        rows = 0;
        int cap = 0;
        double[][] arrays = new double[n][];
        while (r.ReadRow(row))
        {
            if (rows == cap)
            {
                int newCap = cap == 0 ? (int)Math.Clamp(rowsHint, 16, int.MaxValue / 2) : checked(cap + cap / 2 + 16);
                for (int k = 0; k < n; k++) Array.Resize(ref arrays[k], newCap);
                cap = newCap;
            }
            for (int k = 0; k < n; k++) arrays[k][rows] = row[k];
            rows++;
        }
        var cols = new List<BioLogicColumn>(n);
        for (int k = 0; k < n; k++)
        {
            var a = arrays[k] ?? [];
            if (a.Length != rows) Array.Resize(ref a, (int)rows);
            cols.Add(new BioLogicColumn(r.ColumnNames[k], BioLogicColumn.UnitOf(r.ColumnNames[k]), a));
        }
        return cols;
    }
}
