using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;

namespace Nitrolyte.Screening;

/// <summary>A candidate's structure as pymatgen Structure.as_dict()-style JSON with round-trip numbers, so what the
/// store holds, what the worker computes on and the file a user passes to <c>nitrolyte bvse</c> are the same
/// structure to the last bit; and the stable candidate id (hash of the canonical structure and the rule).</summary>
public static class CandidateStructureJson
{
    public static string ToJson(Structure s)
    {
        var m = s.Lattice.Matrix;
        var lattice = new JsonObject
        {
            ["matrix"] = new JsonArray(Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonArray(m[i, 0], m[i, 1], m[i, 2])).ToArray()),
        };
        var sites = new JsonArray();
        foreach (var site in s.Sites)
        {
            var species = new JsonArray();
            foreach (var sp in site.Species)
            {
                var o = new JsonObject { ["element"] = sp.Element, ["occu"] = sp.Occupancy };
                if (sp.OxidationState is { } ox) o["oxidation_state"] = ox;
                species.Add(o);
            }
            sites.Add(new JsonObject { ["species"] = species, ["abc"] = new JsonArray(site.FracA, site.FracB, site.FracC), ["label"] = site.Label });
        }
        var root = new JsonObject
        {
            ["@module"] = "pymatgen.core.structure", ["@class"] = "Structure", ["charge"] = 0,
            ["lattice"] = lattice, ["sites"] = sites,
        };
        if (s.Title is not null) root["title"] = s.Title;
        // System.Text.Json writes doubles in round-trip form ("R"): the structure read back is bit-identical.
        return root.ToJsonString();
    }

    public static Structure FromJson(string json, string where) => StructureReader.RequireFinite(PymatgenJsonReader.Parse(json, where), where);

    /// <summary>16 hex digits of SHA-256 over the canonical structure (lattice and sites rounded to 1e-6 Å / 1e-6,
    /// wrapped into [0,1), sorted) and the rule text: independent of site order and of the file it came from.</summary>
    public static string StableId(Structure s, string rule)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var m = s.Lattice.Matrix;
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) sb.Append(Math.Round(m[i, j], 6).ToString("F6", inv)).Append(',');
        static double W(double x) { var r = Math.Round(x - Math.Floor(x), 6); return r >= 1 ? 0 : r; }
        var sites = s.Sites.Select(site =>
                string.Join("+", site.Species.OrderBy(x => x.Element, StringComparer.Ordinal)
                    .Select(sp => $"{sp.Element}{(sp.OxidationState is { } q ? q.ToString("0.###", inv) : "")}:{Math.Round(sp.Occupancy, 6).ToString("F6", inv)}"))
                + "@" + W(site.FracA).ToString("F6", inv) + "," + W(site.FracB).ToString("F6", inv) + "," + W(site.FracC).ToString("F6", inv))
            .Order(StringComparer.Ordinal);
        sb.Append(string.Join(";", sites)).Append('|').Append(rule);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString()));
        return Convert.ToHexStringLower(hash)[..16];
    }
}
