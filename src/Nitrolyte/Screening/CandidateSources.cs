using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>Candidates read from structure files: a folder (every CIF/POSCAR/CONTCAR/.vasp/pymatgen JSON in it), a
/// glob ("dir/*.cif"), one structure file, or a JSON-lines file (.jsonl, one pymatgen structure per line). A file or
/// line that does not parse becomes a candidate with no structure whose worker result is failed with reason
/// bad_structure_file and the reader's message: it is recorded, never dropped, and never stops the others.</summary>
public static class CandidateSources
{
    public const string UnreadablePrefix = "unreadable: ";

    public static IReadOnlyList<CandidateRecord> Read(string spec)
    {
        var files = Expand(spec);
        var list = new List<CandidateRecord>();
        foreach (var f in files)
        {
            if (f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)) list.AddRange(ReadJsonLines(f));
            else list.Add(ReadOne(f));
        }
        return list;
    }

    /// <summary>The files a --structures value names, sorted; throws a one-line message when it names nothing.</summary>
    public static IReadOnlyList<string> Expand(string spec)
    {
        if (Directory.Exists(spec))
        {
            var found = Directory.EnumerateFiles(spec).Where(IsStructureFile).Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0) throw new NitrolyteInputException($"{spec}: the folder holds no structure files (.cif, .vasp, POSCAR*, CONTCAR*, .json, .jsonl)");
            return found;
        }
        if (spec.IndexOfAny(['*', '?']) >= 0)
        {
            var dir = Path.GetDirectoryName(spec);
            if (string.IsNullOrEmpty(dir)) dir = ".";
            var pattern = Path.GetFileName(spec);
            if (dir.IndexOfAny(['*', '?']) >= 0) throw new NitrolyteInputException($"{spec}: wildcards are allowed in the file name only, not in folders");
            if (!Directory.Exists(dir)) throw new NitrolyteInputException($"{spec}: no folder {dir}");
            var found = Directory.EnumerateFiles(dir, pattern).Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0) throw new NitrolyteInputException($"{spec}: no file matches");
            return found;
        }
        if (!File.Exists(spec)) throw new NitrolyteInputException($"{spec}: no such file or folder");
        return [spec];
    }

    private static bool IsStructureFile(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        var ext = Path.GetExtension(name);
        return ext is ".cif" or ".mcif" or ".vasp" or ".poscar" or ".contcar" or ".json" or ".jsonl" or ".ndjson"
               || name.StartsWith("poscar") || name.StartsWith("contcar");
    }

    private static CandidateRecord ReadOne(string path)
    {
        try
        {
            var s = StructureReader.Read(path);
            return FromStructure(s, path, "");
        }
        catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException)
        {
            return Unreadable(path, File.Exists(path) ? File.ReadAllBytes(path) : [], e.Message);
        }
    }

    private static IEnumerable<CandidateRecord> ReadJsonLines(string path)
    {
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var where = $"{path}:{line}";
            CandidateRecord rec;
            try { rec = FromStructure(CandidateStructureJson.FromJson(text, where), where, ""); }
            catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException)
            {
                rec = Unreadable(where, System.Text.Encoding.UTF8.GetBytes(text), e.Message);
            }
            yield return rec;
        }
    }

    public static CandidateRecord FromStructure(Structure s, string source, string rule)
    {
        var id = CandidateStructureJson.StableId(s, rule);
        return new CandidateRecord(id, s.Composition.Formula, source, CandidateStructureJson.ToJson(s), rule);
    }

    private static CandidateRecord Unreadable(string source, byte[] content, string message)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.Concat(System.Text.Encoding.UTF8.GetBytes("|" + source)).ToArray()))[..16];
        return new CandidateRecord(id, "", source, "", UnreadablePrefix + message);
    }
}
