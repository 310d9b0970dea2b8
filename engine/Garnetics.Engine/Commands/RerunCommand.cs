using System.Diagnostics;

namespace Garnetics.Engine.Commands;

[Command("rerun",
    Syntax = "rerun file1 [file2 ...] [first N] [last N] [every N] [skip N] [start N] [stop N] dump x y z [vx vy vz] [ix iy iz] [box yes|no] [format native|extxyz]",
    Help = """
        Post-process a trajectory (LAMMPS rerun): for each snapshot of the files, in order, set the timestep, the box
        (box yes, the default) and the positions of the atoms with the same IDs (every atom of a snapshot must exist in
        the system; atoms missing from a snapshot keep their positions), then compute energies and forces with the
        defined pair and kspace styles, call the end-of-step hooks of the fixes (on steps that are multiples of their N,
        so analysis fixes sample the snapshot), print thermo on the first and last snapshot and on multiples of the
        thermo period, and write dumps on their periods. Nothing is integrated. Files: LAMMPS text dumps (dump
        custom/atom: columns named by ITEM: ATOMS; positions from x y z, else xs ys zs scaled, else xu yu zu unwrapped,
        else xsu ysu zsu; orthogonal and triclinic 'ITEM: BOX BOUNDS xy xz yz' boxes) or extended XYZ (Lattice=,
        species, pos, optional id, Timestep= and Time=; without an id column atom i of the frame is atom ID i; without
        Timestep= the snapshot index is the step). format is detected from the first line unless given. Positions are
        wrapped into the box and image flags set so that the file's coordinate = x + image·box; with ix iy iz listed the
        file's image flags are added (for unwrapped coordinates they are not needed). vx vy vz set velocities (else they
        keep their values, as in LAMMPS). A type or element column must agree with the atom's type/element. first/last:
        only snapshots with first <= step <= last; every N: only steps that are multiples of N; skip N: use one of every
        N snapshots that pass those tests; start/stop: the run bounds seen by time-dependent fixes. Time is the file's
        time when it has one (ITEM: TIME, Time=), else step·dt.
        """)]
public sealed class RerunCommand : ICommand
{
    private static readonly string[] Keywords = ["first", "last", "every", "skip", "start", "stop", "dump"];

    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1, "file1 [file2 ...] [first N] [last N] [every N] [skip N] dump x y z [ix iy iz] [box yes|no] [format native|extxyz]");
        sim.RequireBox(args);
        var files = new List<int>();
        int i = 0;
        while (i < args.Count && Array.IndexOf(Keywords, args[i]) < 0) files.Add(i++);
        if (files.Count == 0) throw args.Error(0, "rerun: no trajectory file given before the keywords");
        long first = long.MinValue, last = long.MaxValue, every = 0, skip = 1;
        long? start = null, stop = null;
        bool sawDump = false;
        bool box = true, readImage = false, readV = false;
        var format = TrajectoryFormat.Auto;
        while (i < args.Count && !sawDump)
        {
            switch (args[i])
            {
                case "first": first = args.Long(i + 1, "first timestep"); i += 2; break;
                case "last": last = args.Long(i + 1, "last timestep"); i += 2; break;
                case "every":
                    every = args.Long(i + 1, "every N");
                    if (every < 0) throw args.Error(i + 1, $"rerun every must be >= 0, got {every}");
                    i += 2; break;
                case "skip":
                    skip = args.Long(i + 1, "skip N");
                    if (skip < 1) throw args.Error(i + 1, $"rerun skip must be >= 1, got {skip}");
                    i += 2; break;
                case "start": start = args.Long(i + 1, "start timestep"); i += 2; break;
                case "stop": stop = args.Long(i + 1, "stop timestep"); i += 2; break;
                case "dump": sawDump = true; i++; break;
                default: throw args.Error(i, $"unknown rerun keyword '{args[i]}' (expected first, last, every, skip, start, stop or dump)");
            }
        }
        if (!sawDump) throw args.Error("rerun needs 'dump x y z ...' naming the fields to read");
        if (first > last) throw args.Error($"rerun first ({first}) is after last ({last})");
        var fields = new HashSet<string>();
        int fieldStart = i;
        while (i < args.Count && args[i] is "x" or "y" or "z" or "ix" or "iy" or "iz" or "vx" or "vy" or "vz")
        {
            if (!fields.Add(args[i])) throw args.Error(i, $"rerun dump field '{args[i]}' given twice");
            i++;
        }
        while (i < args.Count)
        {
            switch (args[i])
            {
                case "box": box = args.YesNo(i + 1, "box yes|no"); i += 2; break;
                case "format":
                    format = args.Choice(i + 1, "native", "extxyz") == "native" ? TrajectoryFormat.Native : TrajectoryFormat.ExtXyz;
                    i += 2; break;
                default:
                    throw args.Error(i, $"unknown rerun dump field or keyword '{args[i]}' (fields: x y z vx vy vz ix iy iz; keywords: box, format)");
            }
        }
        if (!fields.Contains("x") || !fields.Contains("y") || !fields.Contains("z"))
            throw args.Error(fieldStart < args.Count ? fieldStart : args.Count - 1, "rerun dump must list the fields x y z");
        bool AllOrNone(string a, string b, string c, string what)
        {
            int n = (fields.Contains(a) ? 1 : 0) + (fields.Contains(b) ? 1 : 0) + (fields.Contains(c) ? 1 : 0);
            if (n != 0 && n != 3) throw args.Error(fieldStart, $"rerun dump: give all three {what} fields {a} {b} {c} or none");
            return n == 3;
        }
        readImage = AllOrNone("ix", "iy", "iz", "image-flag");
        readV = AllOrNone("vx", "vy", "vz", "velocity");
        foreach (int f in files)
        {
            try { LineSource.CheckReadable(args[f]); }
            catch (GarneticsException e) { throw args.Error(f, $"rerun: {e.Message}"); }
        }

        var opts = new Options(first, last, every, skip, box, readImage, readV);
        Run(sim, files.Select(f => (args[f], args.LocationOf(f))).ToList(), format, opts, start, stop);
    }

    private sealed record Options(long First, long Last, long Every, long Skip, bool Box, bool ReadImage, bool ReadV);

    /// <summary>Frames of all files that pass first/last/every/skip, one at a time.</summary>
    private static IEnumerable<TrajectoryFrame> Frames(List<(string Path, SourceLocation Loc)> files, TrajectoryFormat format, Options o)
    {
        long passed = 0;
        foreach (var (path, loc) in files)
        {
            TrajectoryReader r;
            try { r = TrajectoryReader.Open(path, format); }
            catch (GarneticsException e) when (e.Location == null || e.Location.Line == 0)
            {
                throw new GarneticsException($"rerun: {e.Message}", loc, path);
            }
            using (r)
            {
                while (r.Next() is { } f)
                {
                    if (f.Step < o.First || f.Step > o.Last) continue;
                    if (o.Every > 0 && f.Step % o.Every != 0) continue;
                    if (passed++ % o.Skip != 0) continue;
                    yield return f;
                }
            }
        }
    }

    private static void Run(Simulation sim, List<(string Path, SourceLocation Loc)> files, TrajectoryFormat format, Options o,
        long? start, long? stop)
    {
        using var frames = Frames(files, format, o).GetEnumerator();
        if (!frames.MoveNext())
            throw new GarneticsException($"rerun: no snapshot in {string.Join(", ", files.Select(f => $"'{f.Path}'"))} passes the first/last/every/skip selection",
                files[0].Loc, files[0].Path);
        var current = frames.Current;
        sim.FirstStep = current.Step;
        sim.LastStep = o.Last;
        sim.BeginStep = start ?? current.Step;
        sim.EndStep = stop ?? o.Last;
        sim.Running = true;
        long nframes = 0;
        var loop = Stopwatch.StartNew();
        try
        {
            Box? lastBox = null;
            bool firstFrame = true;
            while (true)
            {
                bool more = frames.MoveNext();
                var next = more ? frames.Current : null;
                Apply(sim, current, o);
                sim.RunIndex++; // a new configuration: per-step caches of computes (rdf) must not be reused
                if (!more) sim.LastStep = current.Step;
                if (firstFrame)
                {
                    sim.Setup();
                    sim.Timers.Reset();
                    sim.Neighbor.NumBuilds = 0;
                    sim.Thermo.Header();
                }
                else
                {
                    if (sim.KSpace != null && lastBox != null && !SameBox(lastBox, sim.Box))
                    {
                        // the reciprocal-space grid and splitting follow the box, as after a box change in LAMMPS
                        sim.KSpace.Init(sim);
                        sim.Pair?.Init();
                    }
                    sim.Reneighbor();
                    sim.ComputeForces(eflag: true, vflag: true, sim.PerAtomRequest(forceFirst: false, thermoStep: !more || sim.Thermo.IsOutputStep(sim.Step)));
                }
                lastBox = sim.Box.Clone();
                var sw = sim.Timers.Start();
                foreach (var f in sim.Fixes)
                    if (f.NEvery <= 1 || sim.Step % f.NEvery == 0) f.EndOfStep();
                sim.Timers.Stop(sw, TimerKind.Modify);
                sw = sim.Timers.Start();
                if (firstFrame || !more || sim.Thermo.IsOutputStep(sim.Step)) sim.Thermo.Compute();
                sim.WriteDumps(forceFirst: firstFrame);
                sim.Timers.Stop(sw, TimerKind.Output);
                nframes++;
                firstFrame = false;
                if (!more) break;
                current = next!;
            }
            foreach (var f in sim.Fixes) f.PostRun();
            loop.Stop();
            sim.Thermo.Footer(nframes, loop.Elapsed.TotalSeconds);
            sim.Print($"rerun: {nframes} snapshot(s) processed");
        }
        finally
        {
            sim.Running = false;
            sim.Log?.Flush();
        }
    }

    private static bool SameBox(Box a, Box b) =>
        a.XLo == b.XLo && a.XHi == b.XHi && a.YLo == b.YLo && a.YHi == b.YHi && a.ZLo == b.ZLo && a.ZHi == b.ZHi
        && a.XY == b.XY && a.XZ == b.XZ && a.YZ == b.YZ;

    /// <summary>Set step, time, box and the positions (and image flags, velocities) of the frame's atoms.</summary>
    private static void Apply(Simulation sim, TrajectoryFrame f, Options o)
    {
        var atoms = sim.Atoms;
        GarneticsException AtomError(int k, string msg) =>
            new(msg, new SourceLocation(f.Location.File, f.AtomLines != null ? f.AtomLines[k] : f.Location.Line, 0));
        if (o.ReadImage && f.Image == null)
            throw new GarneticsException("rerun: 'ix iy iz' requested but this snapshot has no ix iy iz columns", f.Location);
        if (o.ReadV && f.V == null)
            throw new GarneticsException("rerun: 'vx vy vz' requested but this snapshot has no velocities", f.Location);
        sim.Step = f.Step;
        sim.ATimeStep = f.Step;
        sim.ATime = f.Time ?? f.Step * sim.Dt;
        if (o.Box)
        {
            bool periodic = sim.Box.Periodic.All(p => p);
            sim.Box.CopyFrom(f.Box);
            sim.Box.Defined = true;
            if (!periodic) throw new GarneticsException("rerun: only fully periodic boxes are supported", f.Location);
        }
        var map = atoms.BuildTagMap();
        var seen = new bool[atoms.NLocal];
        var x = atoms.X;
        var img = atoms.Image;
        var te = atoms.TypeElement;
        for (int k = 0; k < f.Count; k++)
        {
            int tag = f.Tags[k];
            int i = tag < map.Length ? map[tag] : -1;
            if (i < 0)
                throw AtomError(k, $"rerun: atom ID {tag} of the snapshot at step {f.Step} does not exist in the system (rerun only updates existing atoms)");
            if (seen[i]) throw AtomError(k, $"rerun: atom ID {tag} appears twice in the snapshot at step {f.Step}");
            seen[i] = true;
            int t = atoms.Type[i];
            if (f.Types != null && f.Types[k] != t)
                throw AtomError(k, $"rerun: atom ID {tag} has type {f.Types[k]} in the snapshot but type {t} in the system");
            if (f.Elements != null && f.Elements[k] is { } el && t < te.Length && te[t] is { } known && known != el)
                throw AtomError(k, $"rerun: atom ID {tag} is {el} in the snapshot but its type {t} is {known} in the system");
            double a = f.X[3 * k], b = f.X[3 * k + 1], c = f.X[3 * k + 2];
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
                throw AtomError(k, $"rerun: atom ID {tag} has a non-finite position");
            int ix = 0, iy = 0, iz = 0;
            sim.Box.Remap(ref a, ref b, ref c, ref ix, ref iy, ref iz);
            if (o.ReadImage)
            {
                ix += f.Image![3 * k]; iy += f.Image[3 * k + 1]; iz += f.Image[3 * k + 2];
            }
            x[3 * i] = a; x[3 * i + 1] = b; x[3 * i + 2] = c;
            img[3 * i] = ix; img[3 * i + 1] = iy; img[3 * i + 2] = iz;
            if (o.ReadV)
            {
                atoms.V[3 * i] = f.V![3 * k]; atoms.V[3 * i + 1] = f.V[3 * k + 1]; atoms.V[3 * i + 2] = f.V[3 * k + 2];
            }
        }
    }
}
