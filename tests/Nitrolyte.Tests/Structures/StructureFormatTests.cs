using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Structures;

public class StructureFormatTests
{
    // Site counts checked against pymatgen 2024 Structure.from_file (bench/scripts/structure_reference.py).
    // Cell contents from each file's _chemical_formula_sum (pymatgen-written) and, in brackets, the OBELiX
    // all.csv "True Composition" (MANIFEST 5o), which rounds partial occupancies (j8q Li 20.056 -> 20, joc S 7.82 -> 8).
    [SharedDataTheory]
    [InlineData("OBELiX/gvd.cif", "Li3N", "Li3N1", 4)]
    [InlineData("OBELiX/fft.cif", "Li6N2", "Li6N2", 8)]
    [InlineData("OBELiX/11b.cif", "Li6P2", "Li6P2", 8)]
    [InlineData("OBELiX/122.cif", "Li24P4S20Cl4", "Li24P4S20Cl4", 76)]
    [InlineData("OBELiX/cdk.cif", "Li8P4N4O8", "Li8P4O8N4", 24)]
    [InlineData("OBELiX/j8q.cif", "Li20.056Ge2P4S24", "Li20Ge2P4S24", 62)]
    [InlineData("OBELiX/joc.cif", "Li6P2S7.82", "Li6P2S8", 16)]
    [InlineData("OBELiX/nhq.cif", "Li12P4S16", "Li12P4S16", 36)]
    [InlineData("OBELiX/uxo.cif", "Li11.52P4N0.56O14.92", "Li11.52P4O14.92N0.56", 32)]
    [InlineData("OBELiX/w7d.cif", "Li12P4O16", "Li12P4O16", 32)]
    [InlineData("pymatgen-analysis-diffusion/LYPS_Li3Y_PS4_2.cif", "Li24Y8P16S64", "Li24Y8P16S64", 112)]
    [InlineData("pymatgen-analysis-diffusion/Li6MnO4.cif", "Li24Mn4O16", "Li24Mn4O16", 44)]
    [InlineData("pymatgen-analysis-diffusion/cNa3PS4.cif", "Na48P16S64", "Na48P16S64", 128)]
    public void Every_shared_cif_loads_with_its_composition(string file, string formulaSum, string obelix, int nSites)
    {
        var s = StructureReader.Read(SharedData.TestData("cif/" + file));
        Assert.True(s.Composition.AlmostEquals(Composition.Parse(formulaSum), 1e-6), $"{file}: got {s.Composition.Formula}, expected {formulaSum}");
        Assert.True(s.Composition.AlmostEquals(Composition.Parse(obelix), 0.2), $"{file}: {s.Composition.Formula} vs all.csv {obelix}");
        if (nSites > 0) Assert.Equal(nSites, s.Sites.Count);
    }

    [SharedDataTheory]
    [InlineData("CsCl.json", "CsCl", 2)]
    [InlineData("Li2O.json", "Li2O", 3)]
    [InlineData("Li10GeP2S12.json", "Li20.2Ge2.06P3.94S24", 58)]
    public void Pymatgen_json_structures_load(string file, string formula, int nSites)
    {
        var s = StructureReader.Read(SharedData.TestData("cif/pymatgen_structures/" + file));
        Assert.True(s.Composition.AlmostEquals(Composition.Parse(formula), 1e-6), s.Composition.Formula);
        Assert.Equal(nSites, s.Sites.Count);
    }

    [SharedDataFact]
    public void Alpha_Li3N_has_its_wyckoff_positions_and_space_group()
    {
        var s = CifReader.Read(SharedData.TestData("cif/OBELiX/gvd.cif"));
        Assert.Equal("P6/mmm", s.SpaceGroup);
        Assert.Equal(3.648, s.Lattice.A, 9);
        Assert.Equal(3.875, s.Lattice.C, 9);
        Assert.Equal(120, s.Lattice.GammaDeg, 9);
        Assert.Contains(s.Sites, x => x.Element == "Li" && Math.Abs(x.FracA - 1.0 / 3) < 1e-6 && Math.Abs(x.FracB - 2.0 / 3) < 1e-6);
        Assert.Contains(s.Sites, x => x.Element == "Li" && Math.Abs(x.FracC - 0.5) < 1e-9);
    }

    [SharedDataFact]
    public void Shared_positions_of_two_rows_become_one_mixed_site()
    {
        // j8q: Ge4 and P5 both at (0, 1/2, 0.19) with occupancy 0.5
        var s = CifReader.Read(SharedData.TestData("cif/OBELiX/j8q.cif"));
        var mixed = s.Sites.Where(x => x.Species.Count == 2).ToList();
        Assert.Equal(4, mixed.Count);
        Assert.All(mixed, m => Assert.Equal(1.0, m.TotalOccupancy, 9));
    }

    [Fact]
    public void Numbers_with_standard_uncertainties_and_symmetry_expansion()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "li9.cif");
        File.WriteAllText(path, """
            data_test
            _cell_length_a 5.3506(3)
            _cell_length_b 5.3506(3)
            _cell_length_c 5.3506(3)
            _cell_angle_alpha 90
            _cell_angle_beta 90.0(0)
            _cell_angle_gamma 90
            _space_group_name_H-M_alt 'F m -3 m'
            loop_
            _space_group_symop_operation_xyz
            'x, y, z'
            'x, y+1/2, z+1/2'
            'x+1/2, y, z+1/2'
            'x+1/2, y+1/2, z'
            '-x,-y,-z'
            '-x, -y+1/2, -z+1/2'
            '-x+1/2, -y, -z+1/2'
            '-x+1/2, -y+1/2, -z'
            loop_
            _atom_site_label
            _atom_site_type_symbol
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            _atom_site_occupancy
            N1 N3- 0 0 0 0.382(4)
            Cl1 Cl- 0 0 0 0.573
            Li1 Li+ 0.25 0.25 0.25 0.86(1)
            """);
        var s = CifReader.Read(path);
        Assert.Equal(5.3506, s.Lattice.A, 12);
        Assert.Equal("F m -3 m", s.SpaceGroup);
        Assert.Equal(12, s.Sites.Count);   // 4 anion sites + 8 Li sites
        Assert.Equal(4 * 0.382, s.Composition["N"], 9);
        Assert.Equal(8 * 0.86, s.Composition["Li"], 9);
        Assert.Equal(-3, s.Sites[0].Species[0].OxidationState);
        Assert.Equal((0.0003, 5.3506), (CifSyntax.ParseWithUncertainty("5.3506(3)")!.Value.Uncertainty!.Value, 5.3506), new ToleranceComparer(1e-12));
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<(double, double)>
    {
        public bool Equals((double, double) a, (double, double) b) => Math.Abs(a.Item1 - b.Item1) < tol && Math.Abs(a.Item2 - b.Item2) < tol;
        public int GetHashCode((double, double) obj) => 0;
    }

    [Fact]
    public void Ddl2_style_tags_and_labels_without_type_symbols()
    {
        var s = CifReader.Parse("""
            data_licl
            _cell.length_a 5.1295
            _cell.length_b 5.1295
            _cell.length_c 5.1295
            _cell.angle_alpha 90
            _cell.angle_beta 90
            _cell.angle_gamma 90
            loop_
            _space_group_symop.operation_xyz
            'x,y,z'
            'x,1/2+y,1/2+z'
            '1/2+x,y,1/2+z'
            '1/2+x,1/2+y,z'
            loop_
            _atom_site.label
            _atom_site.fract_x
            _atom_site.fract_y
            _atom_site.fract_z
            LI1 0 0 0
            Cl1 0.5 0.5 0.5
            """);
        Assert.Equal("Li4Cl4", s.Composition.Formula);
    }

    [Theory]
    [InlineData("Li", "Li", null)]
    [InlineData("Li1+", "Li", 1.0)]
    [InlineData("O2-", "O", -2.0)]
    [InlineData("Cl-", "Cl", -1.0)]
    [InlineData("N-3", "N", -3.0)]
    [InlineData("CL", "Cl", null)]
    public void Type_symbols_with_charges(string text, string element, double? ox)
    {
        var p = SpeciesSymbol.TryParse(text)!.Value;
        Assert.Equal(element, p.Element);
        Assert.Equal(ox, p.Oxidation);
    }

    [Fact]
    public void Multiple_blocks_are_read_by_ReadAll()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "two.cif");
        File.WriteAllText(path, """
            data_a
            _cell_length_a 4.0
            _cell_length_b 4.0
            _cell_length_c 4.0
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Cs1 0 0 0
            Cl1 0.5 0.5 0.5
            data_b
            _cell_length_a 5.0
            _cell_length_b 5.0
            _cell_length_c 5.0
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Li1 0 0 0
            """);
        var all = CifReader.ReadAll(path);
        Assert.Equal(2, all.Count);
        Assert.Equal("CsCl", all[0].Composition.Formula);
        Assert.Equal("Li", all[1].Composition.Formula);
        Assert.Equal("CsCl", CifReader.Read(path).Composition.Formula);
    }

    [SharedDataTheory]
    [InlineData("OBELiX/fft.cif")]
    [InlineData("OBELiX/j8q.cif")]
    [InlineData("pymatgen-analysis-diffusion/Li6MnO4.cif")]
    public void Cif_and_poscar_round_trip(string file)
    {
        var s = StructureReader.Read(SharedData.TestData("cif/" + file));
        using var dir = new TempDir();
        var cif = Path.Combine(dir.Path, "out.cif");
        CifWriter.Write(cif, s);
        var back = CifReader.Read(cif);
        Assert.True(back.Composition.AlmostEquals(s.Composition, 1e-6));
        Assert.Equal(s.Sites.Count, back.Sites.Count);
        Assert.Equal(s.Lattice.VolumeA3, back.Lattice.VolumeA3, 5);
        if (s.IsOrdered)
        {
            var pos = Path.Combine(dir.Path, "POSCAR");
            PoscarWriter.Write(pos, s);
            var p = StructureReader.Read(pos);
            Assert.True(p.Composition.AlmostEquals(s.Composition, 1e-9));
            Assert.Equal(s.Lattice.VolumeA3, p.Lattice.VolumeA3, 6);
        }
    }

    [Fact]
    public void Poscar_with_selective_dynamics_and_cartesian_coordinates()
    {
        var s = PoscarReader.Parse("""
            Li2O test
            2.0
            1.5 0 0
            0 1.5 0
            0 0 1.5
            Li O
            2 1
            Selective dynamics
            Cartesian
            0.75 0.75 0.75 T T T
            2.25 2.25 2.25 F F F
            0 0 0 T T T
            """);
        Assert.Equal(27, s.VolumeA3, 9);
        Assert.Equal(0.5, s.Sites[0].FracA, 12);   // VASP scales Cartesian coordinates by the scale factor too
        Assert.Equal("Li2O", s.Composition.Formula);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "missing_cell.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 0 0 0\n", "_cell_length_c" },
        { "unknown.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_atom_site_type_symbol\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nXx Xx1 0 0 0\n", ":11: unknown element" },
        { "occ.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nN1 0 0 0 0.6\nCl1 0 0 0 0.6\n", ":12: occupancies" },
        { "occ2.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nN1 0 0 0 1.2\n", ":11: occupancy 1.2 above 1" },
        { "symops.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n'-y, x, z'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 0.1 0.2 0.3\n", "inconsistent symmetry operations" },
        { "symops2.cif", "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\nloop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n'2x, y, z'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nLi1 0.1 0.2 0.3\n", ":8: bad symmetry operation" },
        { "POSCAR", "x\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi O\n2 1\nDirect\n0 0 0\n0.5 0.5 0.5\n", ":11: the counts line says 3 atoms but only 2" },
        { "CONTCAR", "x\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi O\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n0.2 0.2 0.2\n", ":11: more coordinate lines" },
        { "bad.json", "{\"lattice\": {\"matrix\": [[4,0,0],[0,4,0],[0,0,4]]}, \"sites\": [{\"abc\": [0,0,0], \"species\": [{\"element\": \"Qq\", \"occu\": 1}]}]}", "unknown element 'Qq'" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_input_names_file_and_line(string name, string content, string expected)
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, name);
        File.WriteAllText(path, content);
        var e = Assert.Throws<NitrolyteFormatException>(() => StructureReader.Read(path));
        Assert.Contains(name, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
