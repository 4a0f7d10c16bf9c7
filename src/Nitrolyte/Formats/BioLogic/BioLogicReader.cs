using Nitrolyte.Core;

namespace Nitrolyte.Formats.BioLogic;

/// <summary>Reads BioLogic EC-Lab files into <see cref="BioLogicFile"/> (all columns in memory). For streaming use
/// <see cref="Open"/>, which returns a row reader whose memory does not grow with the file.</summary>
public static class BioLogicReader
{
    /// <summary>Reads an .mpr or .mpt file, chosen by its first bytes (then by extension).</summary>
    public static BioLogicFile Read(string path) => IsMpr(path) ? ReadMpr(path) : ReadMpt(path);

    public static BioLogicFile ReadMpt(string path)
    {
        using var r = new MptRowReader(path);
        var cols = Collect(r, out _);
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
        };
    }

    public static BioLogicFile ReadMpr(string path)
    {
        using var r = new MprRowReader(path);
        var cols = Collect(r, out long rows);
        var warnings = r.Warnings.ToList();
        if (rows != r.PointCount) warnings.Add($"header declares {r.PointCount} points, {rows} read");
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

    private static List<BioLogicColumn> Collect(ITableRowReader r, out long rows)
    {
        int n = r.ColumnNames.Count;
        var lists = new List<double>[n];
        for (int k = 0; k < n; k++) lists[k] = new List<double>();
        var row = new double[n];
        rows = 0;
        while (r.ReadRow(row))
        {
            for (int k = 0; k < n; k++) lists[k].Add(row[k]);
            rows++;
        }
        var cols = new List<BioLogicColumn>(n);
        for (int k = 0; k < n; k++)
            cols.Add(new BioLogicColumn(r.ColumnNames[k], BioLogicColumn.UnitOf(r.ColumnNames[k]), lists[k].ToArray()));
        return cols;
    }
}
