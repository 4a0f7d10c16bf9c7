using Nitrolyte.Structures;

namespace Nitrolyte.Tests.Structures;

/// <summary>Honest immutability (issue 15): the lattice never hands out its internal array.</summary>
public class LatticeImmutabilityTests
{
    [Fact]
    public void ChangingTheReturnedMatrixDoesNotChangeTheLattice()
    {
        var l = Lattice.FromParameters(5, 6, 7, 90, 90, 90);
        double v = l.VolumeA3;
        var m = l.Matrix;
        m[0, 0] = 100;
        Assert.Equal(5, l.At(0, 0), 12);
        Assert.Equal(5, l.Matrix[0, 0], 12);
        Assert.Equal(v, l.VolumeA3, 9);
        var input = new double[,] { { 1, 0, 0 }, { 0, 2, 0 }, { 0, 0, 3 } };
        var k = new Lattice(input);
        input[0, 0] = 9;
        Assert.Equal(1, k.At(0, 0), 12);
    }
}
