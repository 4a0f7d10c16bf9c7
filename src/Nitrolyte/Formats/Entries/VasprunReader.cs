using System.Globalization;
using System.IO.Compression;
using System.Xml;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Formats.Entries;

/// <summary>What <see cref="VasprunReader"/> extracts from a vasprun.xml.</summary>
public sealed record VasprunSummary(string Path, Composition Composition, int IonicSteps,
    double FinalFreeEnergyEV, double? FinalEnergyWithoutEntropyEV, double? PrintedE0EnergyEV, string? Generator)
{
    /// <summary>The energy Nitrolyte uses: e_fr_energy of the last ionic step (VASP's "free energy TOTEN").</summary>
    public double FinalEnergyEV => FinalFreeEnergyEV;
}

/// <summary>
/// VASP vasprun.xml (plain or .gz): the composition from <c>atominfo</c> and the final energy of the last ionic
/// step. The final energy is <c>e_fr_energy</c> (free energy TOTEN; <c>e_wo_entrp</c> is recorded as well). The
/// <c>e_0_energy</c> field is NOT used: VASP 5.4.1 prints it as 0.0 in the final block (MANIFEST 6b), so trusting it
/// gives a wrong energy silently. A truncated file (run killed mid-step) still gives the last complete ionic step;
/// a file without any complete step is an error.
/// </summary>
public static class VasprunReader
{
    public static Stream OpenMaybeGzip(string path)
    {
        var fs = File.OpenRead(path);
        int b1 = fs.ReadByte(), b2 = fs.ReadByte();
        fs.Position = 0;
        return b1 == 0x1f && b2 == 0x8b ? new GZipStream(fs, CompressionMode.Decompress) : fs;
    }

    public static EntrySet ReadEntrySet(string path) => new(path, [ReadEntry(path)]);

    public static Entry ReadEntry(string path)
    {
        var s = Read(path);
        var meta = new Dictionary<string, string>
        {
            ["source"] = System.IO.Path.GetFileName(path),
            ["ionic_steps"] = s.IonicSteps.ToString(CultureInfo.InvariantCulture),
            ["energy_field"] = "e_fr_energy",
        };
        if (s.FinalEnergyWithoutEntropyEV is { } w) meta["e_wo_entrp"] = w.ToString("R", CultureInfo.InvariantCulture);
        if (s.PrintedE0EnergyEV is { } e0) meta["e_0_energy_printed"] = e0.ToString("R", CultureInfo.InvariantCulture);
        return new Entry(s.Composition, s.FinalEnergyEV, 0, Entry.Reduce(s.Composition).Formula, null, meta);
    }

    public static VasprunSummary Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var atoms = new List<string>();
        int ionic = 0;
        double? fr = null, wo = null, e0 = null;
        string? generator = null;
        bool truncated = false;
        Stream stream;
        try { stream = OpenMaybeGzip(path); }
        catch (IOException e) { throw new NitrolyteFormatException(path, $"cannot read: {e.Message}"); }
        using (stream)
        using (var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true }))
        {
            var li = (IXmlLineInfo)reader;
            try
            {
                // Element stack of names to know where an <energy> sits.
                var stack = new List<string>();
                bool inAtoms = false;
                bool advanced = false; // ReadElementContentAsString leaves the reader on the next node already
                while (advanced || reader.Read())
                {
                    advanced = false;
                    if (reader.NodeType == XmlNodeType.Element)
                    {
                        var name = reader.Name;
                        bool empty = reader.IsEmptyElement;
                        if (name == "array" && reader.GetAttribute("name") == "atoms" && stack.Contains("atominfo")) inAtoms = true;
                        if (name == "generator") generator = "vasp";
                        if (name == "rc" && inAtoms)
                        {
                            // <rc><c>Li</c><c>   1</c></rc>
                            var sub = reader.ReadSubtree();
                            sub.Read();
                            string? first = null;
                            while (sub.Read())
                                if (sub.NodeType == XmlNodeType.Element && sub.Name == "c") { first = sub.ReadElementContentAsString().Trim(); break; }
                            sub.Dispose();
                            if (first is null) throw new NitrolyteFormatException(path, "atominfo row without an element", li.LineNumber);
                            if (first == "X") first = "X";
                            atoms.Add(first);
                            continue;
                        }
                        if (name == "i" && stack.Count >= 2 && stack[^1] == "energy" && stack[^2] == "calculation")
                        {
                            var field = reader.GetAttribute("name");
                            var text = reader.ReadElementContentAsString().Trim();
                            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                                throw new NitrolyteFormatException(path, $"energy field {field} = '{text}' is not a number", li.LineNumber);
                            switch (field)
                            {
                                case "e_fr_energy": fr = v; break;
                                case "e_wo_entrp": wo = v; break;
                                case "e_0_energy": e0 = v; break;
                            }
                            advanced = true;
                            continue;
                        }
                        if (!empty) stack.Add(name);
                    }
                    else if (reader.NodeType == XmlNodeType.EndElement)
                    {
                        if (reader.Name == "array") inAtoms = false;
                        if (reader.Name == "energy" && stack.Count >= 2 && stack[^2] == "calculation" && fr is not null) ionic++;
                        if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
                    }
                }
            }
            catch (InvalidDataException e)
            {
                throw new NitrolyteFormatException(path, $"corrupt gzip stream: {e.Message}");
            }
            catch (XmlException e)
            {
                if (ionic == 0 || atoms.Count == 0)
                    throw new NitrolyteFormatException(path, $"not a readable vasprun.xml: {e.Message}", e.LineNumber);
                truncated = true;
            }
        }
        if (atoms.Count == 0) throw new NitrolyteFormatException(path, "no <atominfo> atoms array: is this a vasprun.xml?");
        if (fr is null || ionic == 0) throw new NitrolyteFormatException(path, "no completed ionic step with e_fr_energy");
        var comp = new Composition(atoms.GroupBy(a => a).Select(g => new KeyValuePair<string, double>(Fix(path, g.Key), g.Count())));
        _ = truncated;
        return new VasprunSummary(path, comp, ionic, fr.Value, wo, e0, generator);
    }

    private static string Fix(string path, string symbol)
    {
        var s = symbol.Trim();
        if (s.Length == 2 && char.IsUpper(s[1])) s = s[0] + char.ToLowerInvariant(s[1]).ToString();
        if (!Element.TryGet(s, out _)) throw new NitrolyteFormatException(path, $"unknown element '{symbol}' in atominfo");
        return s;
    }
}
