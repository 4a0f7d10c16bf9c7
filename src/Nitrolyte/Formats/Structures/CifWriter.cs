using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Structures;

/// <summary>
/// Writes a structure as a P1 CIF (all sites listed, symmetry 'x, y, z'); a site shared by several species is
/// written as one row per species at the same position (the reader merges them back), with its occupancy.
/// Oxidation states, when known, go into _atom_type_oxidation_number and the type symbols ("Li1+").
/// </summary>
public static class CifWriter
{
    public static string ToText(Structure s, string? blockName = null)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var name = (blockName ?? s.Title ?? s.Composition.Formula).Replace(' ', '_');
        if (name.Length == 0) name = "structure";
        sb.AppendLine("# written by Nitrolyte");
        sb.AppendLine($"data_{name}");
        sb.AppendLine("_symmetry_space_group_name_H-M   'P 1'");
        sb.AppendLine("_symmetry_Int_Tables_number   1");
        var l = s.Lattice;
        sb.AppendLine(string.Format(inv, "_cell_length_a   {0:F8}", l.A));
        sb.AppendLine(string.Format(inv, "_cell_length_b   {0:F8}", l.B));
        sb.AppendLine(string.Format(inv, "_cell_length_c   {0:F8}", l.C));
        sb.AppendLine(string.Format(inv, "_cell_angle_alpha   {0:F8}", l.AlphaDeg));
        sb.AppendLine(string.Format(inv, "_cell_angle_beta   {0:F8}", l.BetaDeg));
        sb.AppendLine(string.Format(inv, "_cell_angle_gamma   {0:F8}", l.GammaDeg));
        sb.AppendLine(string.Format(inv, "_cell_volume   {0:F8}", l.VolumeA3));
        sb.AppendLine($"_chemical_formula_sum   '{string.Join(" ", s.Composition.Amounts.Select(kv => kv.Key + Chemistry.Composition.FormatNumber(kv.Value)))}'");
        if (s.SpaceGroup is not null) sb.AppendLine($"# space group of the source: {s.SpaceGroup}");
        sb.AppendLine("loop_");
        sb.AppendLine(" _symmetry_equiv_pos_site_id");
        sb.AppendLine(" _symmetry_equiv_pos_as_xyz");
        sb.AppendLine("  1  'x, y, z'");
        var types = s.Sites.SelectMany(x => x.Species).Where(sp => sp.OxidationState is not null)
            .Select(sp => (Sym: TypeSymbol(sp), Ox: sp.OxidationState!.Value)).Distinct().ToList();
        if (types.Count > 0)
        {
            sb.AppendLine("loop_");
            sb.AppendLine(" _atom_type_symbol");
            sb.AppendLine(" _atom_type_oxidation_number");
            foreach (var t in types) sb.AppendLine(string.Format(inv, "  {0}  {1}", t.Sym, t.Ox));
        }
        sb.AppendLine("loop_");
        sb.AppendLine(" _atom_site_type_symbol");
        sb.AppendLine(" _atom_site_label");
        sb.AppendLine(" _atom_site_symmetry_multiplicity");
        sb.AppendLine(" _atom_site_fract_x");
        sb.AppendLine(" _atom_site_fract_y");
        sb.AppendLine(" _atom_site_fract_z");
        sb.AppendLine(" _atom_site_occupancy");
        foreach (var site in s.Sites)
            foreach (var sp in site.Species)
                sb.AppendLine(string.Format(inv, "  {0}  {1}  1  {2:F8}  {3:F8}  {4:F8}  {5}", TypeSymbol(sp),
                    string.IsNullOrWhiteSpace(site.Label) ? sp.Element : site.Label.Replace(' ', '_'),
                    site.FracA, site.FracB, site.FracC, Math.Round(sp.Occupancy, 8).ToString("0.########", inv)));
        return sb.ToString();
    }

    private static string TypeSymbol(SiteSpecies sp)
    {
        if (sp.OxidationState is not { } ox) return sp.Element;
        var mag = Math.Abs(ox);
        var m = Math.Abs(mag - Math.Round(mag)) < 1e-9 ? ((int)Math.Round(mag)).ToString(CultureInfo.InvariantCulture) : mag.ToString("0.###", CultureInfo.InvariantCulture);
        return ox == 0 ? sp.Element : $"{sp.Element}{m}{(ox > 0 ? "+" : "-")}";
    }

    public static void Write(string path, Structure s, string? blockName = null) => AtomicFile.WriteAllText(path, ToText(s, blockName));
}
