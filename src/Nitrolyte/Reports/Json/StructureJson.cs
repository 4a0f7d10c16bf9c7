using System.Text.Json.Nodes;
using Nitrolyte.Structures;

namespace Nitrolyte.Reports;

/// <summary>The one JSON shape of structure summaries (`structure info --json`, the evaluation's structure step).</summary>
public static class StructureJson
{
    /// <summary>
    /// The summary `structure info --json` prints and the evaluate step reports (formerly StructureTools.InfoJson): formula, reduced formula and Z,
    /// density, volume, site count, lattice parameters and the space group as given by the file.
    /// </summary>
    public static JsonObject Info(Structure s)
    {
        var (reduced, z) = s.ReducedFormula();
        return new JsonObject
        {
            ["formula"] = s.Composition.Formula,
            ["reduced_formula"] = reduced,
            ["z"] = z,
            ["density_g_per_cm3"] = s.DensityGPerCm3,
            ["volume_a3"] = s.VolumeA3,
            ["n_sites"] = s.Sites.Count,
            ["ordered"] = s.IsOrdered,
            ["lattice"] = new JsonObject
            {
                ["a"] = s.Lattice.A, ["b"] = s.Lattice.B, ["c"] = s.Lattice.C,
                ["alpha"] = s.Lattice.AlphaDeg, ["beta"] = s.Lattice.BetaDeg, ["gamma"] = s.Lattice.GammaDeg,
            },
            ["space_group"] = s.SpaceGroup,
        };
    }
}
