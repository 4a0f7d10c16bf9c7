using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Formats.Entries;

/// <summary>Reads entries from any supported file, choosing the reader by content and extension:
/// pymatgen/Materials Project JSON (<see cref="EntryJsonReader"/>), VASP vasprun.xml(.gz) (<see cref="VasprunReader"/>)
/// or CSV (<see cref="EntryCsvReader"/>). Several files can be combined with <see cref="ReadAll"/>.</summary>
public static class EntryReader
{
    private static bool StartsWithGzipMagic(string path)
    {
        using var fs = File.OpenRead(path);
        return fs.ReadByte() == 0x1F && fs.ReadByte() == 0x8B;
    }

    public static EntrySet Read(string path)
    {
        if (Directory.Exists(path)) throw new NitrolyteFormatException(path, "is a folder: give an entries file (CSV, JSON or vasprun.xml)");
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        if (new FileInfo(path).Length == 0) throw new NitrolyteFormatException(path, "the file is empty (expected entries: CSV, JSON or vasprun.xml)");
        if (!StartsWithGzipMagic(path)) DelimitedTable.RequireTextFile(path, "an entries file (CSV, JSON or vasprun.xml)");
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.Contains("vasprun") || name.EndsWith(".xml") || name.EndsWith(".xml.gz")) return VasprunReader.ReadEntrySet(path);
        if (name.EndsWith(".json") || name.EndsWith(".json.gz")) return EntryJsonReader.Read(path);
        if (name.EndsWith(".csv") || name.EndsWith(".tsv") || name.EndsWith(".txt")) return EntryCsvReader.Read(path);
        // Sniff: first non-blank character
        using var s = VasprunReader.OpenMaybeGzip(path);
        using var r = new StreamReader(s);
        int ch;
        while ((ch = r.Read()) >= 0 && char.IsWhiteSpace((char)ch)) { }
        return ch switch
        {
            '[' or '{' => EntryJsonReader.Read(path),
            '<' => VasprunReader.ReadEntrySet(path),
            _ => EntryCsvReader.Read(path),
        };
    }

    public static EntrySet ReadAll(IEnumerable<string> paths)
    {
        var sets = paths.Select(Read).ToList();
        if (sets.Count == 1) return sets[0];
        var (kept, dropped) = EntrySet.Deduplicate(sets.SelectMany(s => s.Entries));
        return new EntrySet(string.Join(", ", sets.Select(s => s.Source)), kept, dropped + sets.Sum(s => s.DuplicatesDropped));
    }
}
