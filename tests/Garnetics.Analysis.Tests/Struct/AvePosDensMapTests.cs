using System.Text;
using System.Xml.Linq;
using Garnetics.Analysis.Structure;

namespace Garnetics.Analysis.Tests.Struct;

public class AvePosDensMapTests
{
    static string Frame(long step, string columns, IEnumerable<string> atoms, int n)
    {
        var sb = new StringBuilder();
        sb.Append($"ITEM: TIMESTEP\n{step}\nITEM: NUMBER OF ATOMS\n{n}\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS {columns}\n");
        foreach (var a in atoms) sb.Append(a).Append('\n');
        return sb.ToString();
    }

    const string Head = """
        units       metal
        atom_style  atomic
        region      box block 0 10 0 10 0 10
        create_box  2 box
        mass        * 6.94
        """;

    /// <summary>Atom 1 drifts in x across the boundary (unwrapped 9.0, 9.8, 10.6, 11.4): window means 9.4 and 11.0 (wrapped 1.0).</summary>
    [Theory]
    [InlineData("id type xu yu zu", "x y z")]
    [InlineData("id type x y z ix iy iz", "x y z ix iy iz")]
    public void AveragesUnwrappedPositionsOverWindows(string columns, string fields)
    {
        string dir = TempDir.Create("avepos");
        var sb = new StringBuilder();
        for (int t = 0; t < 5; t++)
        {
            double ux = 9.0 + 0.8 * t;
            string a1 = columns.Contains("xu")
                ? FormattableString.Invariant($"1 1 {ux} 2 3")
                : FormattableString.Invariant($"1 1 {ux - 10 * Math.Floor(ux / 10)} 2 3 {(int)Math.Floor(ux / 10)} 0 0");
            string a2 = columns.Contains("xu") ? "2 2 5 5 5" : "2 2 5 5 5 0 0 0";
            sb.Append(Frame(10 * t, columns, [a1, a2], 2));
        }
        File.WriteAllText(Path.Combine(dir, "t.dump"), sb.ToString());
        var (sim, _) = DeckHost.Run(Head + $"""

            create_atoms 1 single 1 1 1 units box
            create_atoms 2 single 4 4 4 units box
            fix          p all avepos 10 2 file ave.xyz
            rerun        t.dump dump {fields}
            """, dir);
        var frames = ((FixAvePos)sim.FindFix("p")!).Frames;
        Assert.Equal(2, frames.Count); // the fifth sample starts an incomplete window
        Assert.Equal(10, frames[0].Step);
        Assert.Equal(30, frames[1].Step);
        Assert.Equal(9.4, frames[0].X[0], 1e-12);
        Assert.Equal(1.0, frames[1].X[0], 1e-12);
        Assert.Equal(5.0, frames[1].X[3], 1e-12);
        var lines = File.ReadAllLines(Path.Combine(dir, "ave.xyz"));
        Assert.Equal(8, lines.Length);
        Assert.Contains("Timestep=30", lines[5]);
        // the file reads back as a structure, atom 1 at the window mean
        var (sim2, _) = DeckHost.Run("units metal\natom_style atomic\nread_data ave.xyz frame 1\n", dir);
        int k = Array.IndexOf(sim2.Atoms.Tag, 1);
        Assert.Equal(1.0, sim2.Atoms.X[3 * k], 1e-12);
    }

    [Fact]
    public void DensityMapCountsAtomsInTheSlice()
    {
        string dir = TempDir.Create("densmap");
        // slice 0.4 <= z/10 < 0.6, 5x5 cells of 2x2 A: cell volume 2*2*2 = 8 A^3
        string f0 = Frame(0, "id type x y z", ["1 1 1 1 5", "2 1 3 1 5.5", "3 1 3 1 8", "4 2 9 9 4.5"], 4);
        string f1 = Frame(1, "id type x y z", ["1 1 1 3 5", "2 1 3 1 5.5", "3 1 3 1 8", "4 2 9 9 4.5"], 4);
        File.WriteAllText(Path.Combine(dir, "t.dump"), f0 + f1);
        var (sim, _) = DeckHost.Run(Head + """

            create_atoms 1 single 1 1 1 units box
            create_atoms 1 single 2 2 2 units box
            create_atoms 1 single 3 3 3 units box
            create_atoms 2 single 4 4 4 units box
            fix          m all densmap 1 1 2 axis c slice 0.4 0.6 nbin 5 5 file map.dat plot map
            rerun        t.dump dump x y z
            """, dir);
        var maps = ((FixDensMap)sim.FindFix("m")!).Maps();
        Assert.Equal(0.5 / 8, maps[0][0, 0], 1e-15);
        Assert.Equal(0.5 / 8, maps[0][0, 1], 1e-15);
        Assert.Equal(1.0 / 8, maps[0][1, 0], 1e-15);
        Assert.Equal(1.0 / 8, maps[1][4, 4], 1e-15);
        double total = 0;
        foreach (double v in maps[0]) total += v;
        Assert.Equal(2.0 / 8, total, 1e-15); // atom 3 (z = 8) is outside the slice
        var rows = Numbers.ReadTable(Path.Combine(dir, "map.dat"));
        Assert.Equal(25, rows.Length);
        var r = rows.Single(q => q[0] == 0.3 && q[1] == 0.1);
        Assert.Equal(3.0, r[2], 1e-12); Assert.Equal(1.0, r[3], 1e-12); Assert.Equal(5.0, r[4], 1e-12);
        Assert.Equal(1.0 / 8, r[5], 1e-12);
        var svg = XDocument.Load(Path.Combine(dir, "map-1.svg"));
        Assert.Equal(25, svg.Descendants().Count(e => e.Name.LocalName == "rect" && e.Parent?.Attribute("class")?.Value == "cells"));
    }
}
