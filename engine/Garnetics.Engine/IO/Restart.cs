using System.Text;

namespace Garnetics.Engine.IO;

/// <summary>
/// Binary restart files. Layout: 8-byte magic "GARNRST\0", int32 format version, int64 payload length, the payload
/// (little-endian BinaryWriter data: units, atom style, box, step and time, types and masses, groups, per-atom data,
/// pair commands, neighbour settings and state, fix states), a 64-bit FNV-1a checksum of the payload and the 8-byte end
/// marker "GARNEND\0". Files are written to "file.tmp.PID" next to the target, flushed to disk and moved over it, so
/// an existing restart file is never left half-written.
/// </summary>
public static class RestartFile
{
    public const int Version = 1;
    private static readonly byte[] Magic = "GARNRST\0"u8.ToArray();
    private static readonly byte[] EndMagic = "GARNEND\0"u8.ToArray();
    private const int HeaderSize = 8 + 4 + 8;
    private const int TrailerSize = 8 + 8;

    /// <summary>Test hook: called with the temporary file's path just before it replaces the target.</summary>
    internal static Action<string>? BeforeCommit { get; set; }

    /// <summary>Path with '*' replaced by the step.</summary>
    public static string Resolve(string path, long step) => path.Replace("*", step.ToString(CultureInfo.InvariantCulture));

    // ------------------------------------------------------------------ write

    public static void Write(Simulation sim, string path)
    {
        if (!sim.Box.Defined) throw new GarneticsException("write_restart: no simulation box is defined");
        if (sim.Comm.Size > 1) throw new GarneticsException("write_restart is only supported in serial runs");
        byte[] payload = BuildPayload(sim);
        string full = Path.GetFullPath(path);
        string tmp = full + ".tmp." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                fs.Write(Magic);
                Span<byte> buf = stackalloc byte[8];
                BitConverter.TryWriteBytes(buf[..4], Version);
                fs.Write(buf[..4]);
                BitConverter.TryWriteBytes(buf, (long)payload.Length);
                fs.Write(buf);
                fs.Write(payload);
                BitConverter.TryWriteBytes(buf, Fnv1a(payload));
                fs.Write(buf);
                fs.Write(EndMagic);
                fs.Flush(flushToDisk: true);
            }
            BeforeCommit?.Invoke(tmp);
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or InvalidOperationException)
        {
            TryDelete(tmp);
            throw new GarneticsException($"write_restart: cannot write restart file '{path}': {OutputFile.Reason(e, tmp, full)}", inner: e);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    private static void TryDelete(string p)
    {
        try { if (File.Exists(p)) File.Delete(p); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static byte[] BuildPayload(Simulation sim)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            var a = sim.Atoms;
            w.Write(sim.Units.Style);
            w.Write(a.Style);
            WriteBox(w, sim.Box);
            w.Write(sim.Step);
            w.Write(sim.Dt);
            w.Write(sim.DtSet);
            w.Write(sim.ATime);
            w.Write(sim.ATimeStep);

            w.Write(a.NTypes);
            for (int t = 1; t <= a.NTypes; t++)
            {
                w.Write(a.Mass[t]);
                w.Write(a.MassSet[t]);
                WriteOptString(w, a.TypeElement[t]);
            }

            var groups = sim.Groups.RawNames;
            w.Write(groups.Length);
            foreach (var g in groups) WriteOptString(w, g);

            w.Write(a.NAtoms);
            w.Write(a.MaxTag);
            w.Write(a.NLocal);
            for (int i = 0; i < a.NLocal; i++)
            {
                w.Write(a.Tag[i]);
                w.Write(a.Type[i]);
                w.Write(a.Mask[i]);
                w.Write(a.Q[i]);
                for (int k = 0; k < 3; k++) w.Write(a.X[3 * i + k]);
                for (int k = 0; k < 3; k++) w.Write(a.V[3 * i + k]);
                for (int k = 0; k < 3; k++) w.Write(a.Image[3 * i + k]);
            }

            w.Write(sim.PairCommands.Count);
            foreach (var cmd in sim.PairCommands)
            {
                w.Write(cmd.Length);
                foreach (var word in cmd) w.Write(word);
            }

            var nb = sim.Neighbor;
            w.Write(nb.Skin);
            w.Write(nb.Every);
            w.Write(nb.Delay);
            w.Write(nb.Check);
            w.Write(nb.Once);
            var xhold = nb.HeldPositions();
            bool hasState = xhold != null && nb.BuildBox != null && xhold.Length == 3 * a.NLocal;
            w.Write(hasState);
            if (hasState)
            {
                WriteBox(w, nb.BuildBox!);
                w.Write(nb.BuildCutNeigh);
                w.Write(nb.LastBuildStep);
                w.Write(nb.Ago);
                w.Write(xhold!.Length);
                foreach (var v in xhold) w.Write(v);
            }

            var states = new List<(string, string, byte[])>();
            foreach (var f in sim.Fixes)
                if (f.WriteRestart() is { } st) states.Add((f.Id, f.StyleName, st));
            // states read but not yet claimed by a fix travel on, as LAMMPS keeps them until the fix is redefined
            foreach (var ((id, style), st) in sim.PendingFixStates)
                if (!states.Any(s => s.Item1 == id && s.Item2 == style)) states.Add((id, style, st));
            w.Write(states.Count);
            foreach (var (id, style, st) in states)
            {
                w.Write(id);
                w.Write(style);
                w.Write(st.Length);
                w.Write(st);
            }
        }
        return ms.ToArray();
    }

    private static void WriteBox(BinaryWriter w, Box b)
    {
        foreach (var v in new[] { b.XLo, b.XHi, b.YLo, b.YHi, b.ZLo, b.ZHi, b.XY, b.XZ, b.YZ }) w.Write(v);
        w.Write(b.Triclinic);
        for (int d = 0; d < 3; d++) w.Write(b.Periodic[d]);
    }

    private static Box ReadBox(BinaryReader r)
    {
        var b = new Box
        {
            XLo = r.ReadDouble(), XHi = r.ReadDouble(), YLo = r.ReadDouble(), YHi = r.ReadDouble(),
            ZLo = r.ReadDouble(), ZHi = r.ReadDouble(), XY = r.ReadDouble(), XZ = r.ReadDouble(), YZ = r.ReadDouble(),
        };
        b.Triclinic = r.ReadBoolean();
        for (int d = 0; d < 3; d++) b.Periodic[d] = r.ReadBoolean();
        b.Defined = true;
        b.SetGlobal();
        return b;
    }

    private static void WriteOptString(BinaryWriter w, string? s)
    {
        w.Write(s != null);
        if (s != null) w.Write(s);
    }

    private static string? ReadOptString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in data)
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }

    // ------------------------------------------------------------------ read

    /// <summary>Read a restart file into a simulation that has no box yet.</summary>
    public static void Read(Simulation sim, string path)
    {
        if (sim.Box.Defined) throw new GarneticsException("read_restart: the simulation box is already defined (use clear first)");
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new GarneticsException($"read_restart: cannot read restart file '{path}': {e.Message}");
        }
        var payload = Validate(bytes, path);
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload, writable: false), Encoding.UTF8);
            Apply(sim, r, path);
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw Corrupt(path, "unexpected data after the end of the restart contents");
        }
        catch (EndOfStreamException)
        {
            throw Corrupt(path, "its contents end early");
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or OverflowException)
        {
            throw Corrupt(path, e.Message);
        }
    }

    private static GarneticsException Corrupt(string path, string why) =>
        new($"read_restart: '{path}' is a corrupt restart file: {why}");

    private static byte[] Validate(byte[] bytes, string path)
    {
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new GarneticsException($"read_restart: '{path}' is not a Garnetics restart file (bad magic header)");
        if (bytes.Length < HeaderSize)
            throw new GarneticsException($"read_restart: '{path}' is truncated ({bytes.Length} bytes, shorter than the header)");
        int version = BitConverter.ToInt32(bytes, 8);
        if (version != Version)
            throw new GarneticsException(
                $"read_restart: '{path}' has restart format version {version}; this Garnetics reads version {Version}");
        long len = BitConverter.ToInt64(bytes, 12);
        long expected = HeaderSize + len + TrailerSize;
        if (len < 0) throw Corrupt(path, $"bad payload length {len}");
        if (bytes.Length < expected)
            throw new GarneticsException($"read_restart: '{path}' is truncated: expected {expected} bytes, the file has {bytes.Length}");
        if (bytes.Length > expected)
            throw Corrupt(path, $"expected {expected} bytes, the file has {bytes.Length}");
        var payload = bytes.AsSpan(HeaderSize, (int)len);
        ulong sum = BitConverter.ToUInt64(bytes, HeaderSize + (int)len);
        if (sum != Fnv1a(payload)) throw Corrupt(path, "checksum mismatch");
        if (!bytes.AsSpan(HeaderSize + (int)len + 8, 8).SequenceEqual(EndMagic)) throw Corrupt(path, "bad end marker");
        return payload.ToArray();
    }

    private static void Apply(Simulation sim, BinaryReader r, string path)
    {
        var unitsName = r.ReadString();
        var units = Units.FromName(unitsName) ?? throw Corrupt(path, $"unknown unit style '{unitsName}'");
        var atomStyle = r.ReadString();
        if (atomStyle is not ("atomic" or "charge")) throw Corrupt(path, $"unknown atom style '{atomStyle}'");
        var box = ReadBox(r);
        long step = r.ReadInt64();
        double dt = r.ReadDouble();
        bool dtSet = r.ReadBoolean();
        double atime = r.ReadDouble();
        long atimestep = r.ReadInt64();

        int ntypes = r.ReadInt32();
        if (ntypes < 1 || ntypes > 1_000_000) throw Corrupt(path, $"bad number of atom types {ntypes}");
        var mass = new double[ntypes + 1];
        var massSet = new bool[ntypes + 1];
        var elements = new string?[ntypes + 1];
        for (int t = 1; t <= ntypes; t++)
        {
            mass[t] = r.ReadDouble();
            massSet[t] = r.ReadBoolean();
            elements[t] = ReadOptString(r);
        }
        int ngroups = r.ReadInt32();
        if (ngroups != Groups.MaxGroups) throw Corrupt(path, $"bad group count {ngroups}");
        var groups = new string?[ngroups];
        for (int g = 0; g < ngroups; g++) groups[g] = ReadOptString(r);

        long natoms = r.ReadInt64();
        int maxTag = r.ReadInt32();
        int nlocal = r.ReadInt32();
        if (nlocal < 0 || (long)nlocal * 80 > r.BaseStream.Length) throw Corrupt(path, $"bad atom count {nlocal}");

        // everything below changes the simulation; it is all parsed from the validated payload
        sim.SetUnits(units);
        sim.Atoms.Style = atomStyle;
        sim.Box.CopyFrom(box);
        var a = sim.Atoms;
        a.SetTypes(ntypes);
        Array.Copy(mass, a.Mass, ntypes + 1);
        Array.Copy(massSet, a.MassSet, ntypes + 1);
        Array.Copy(elements, a.TypeElement, ntypes + 1);
        var raw = sim.Groups.RawNames;
        for (int g = 0; g < ngroups; g++) raw[g] = groups[g];
        raw[0] = "all";
        a.Grow(nlocal);
        for (int n = 0; n < nlocal; n++)
        {
            int tag = r.ReadInt32(), type = r.ReadInt32(), mask = r.ReadInt32();
            double q = r.ReadDouble();
            if (type < 1 || type > ntypes) throw Corrupt(path, $"atom {tag} has type {type} outside 1..{ntypes}");
            int i = a.AddLocal(tag, type, r.ReadDouble(), r.ReadDouble(), r.ReadDouble(), mask);
            a.Q[i] = q;
            for (int k = 0; k < 3; k++) a.V[3 * i + k] = r.ReadDouble();
            for (int k = 0; k < 3; k++) a.Image[3 * i + k] = r.ReadInt32();
        }
        a.NAtoms = natoms;
        a.MaxTag = Math.Max(a.MaxTag, maxTag);
        sim.Step = step;
        sim.Dt = dt;
        sim.DtSet = dtSet;
        sim.ATime = atime;
        sim.ATimeStep = atimestep;

        int ncmd = r.ReadInt32();
        var commands = new List<string[]>();
        for (int c = 0; c < ncmd; c++)
        {
            int nw = r.ReadInt32();
            if (nw < 1 || nw > 100_000) throw Corrupt(path, "bad pair command record");
            var words = new string[nw];
            for (int k = 0; k < nw; k++) words[k] = r.ReadString();
            commands.Add(words);
        }

        var nb = sim.Neighbor;
        nb.Skin = r.ReadDouble();
        nb.Every = r.ReadInt32();
        nb.Delay = r.ReadInt32();
        nb.Check = r.ReadBoolean();
        nb.Once = r.ReadBoolean();
        if (r.ReadBoolean())
        {
            var buildBox = ReadBox(r);
            double cutNeigh = r.ReadDouble();
            long last = r.ReadInt64();
            int ago = r.ReadInt32();
            int len = r.ReadInt32();
            if (len != 3 * nlocal) throw Corrupt(path, "neighbour state does not match the atom count");
            var xhold = new double[len];
            for (int k = 0; k < len; k++) xhold[k] = r.ReadDouble();
            sim.PendingNeighbor = new RestartNeighborState(xhold, buildBox, cutNeigh, last, ago);
        }

        int nfix = r.ReadInt32();
        if (nfix < 0) throw Corrupt(path, "bad fix count");
        for (int f = 0; f < nfix; f++)
        {
            string id = r.ReadString(), style = r.ReadString();
            int len = r.ReadInt32();
            if (len < 0 || len > r.BaseStream.Length) throw Corrupt(path, $"bad state length for fix {id}");
            sim.PendingFixStates[(id, style)] = r.ReadBytes(len);
        }

        // replay the pair style and its coefficients as they were issued
        foreach (var words in commands)
        {
            try
            {
                sim.ExecuteCommand(CommandArgs.Of(words[0], words[1..]));
            }
            catch (GarneticsException e)
            {
                throw new GarneticsException(
                    $"read_restart: cannot restore '{string.Join(' ', words)}' from '{path}': {e.Message}", inner: e);
            }
        }
    }
}

[Command("write_restart", Syntax = "write_restart file",
    Help = """
        Write a binary restart file with the units, atom style, box, step and time, types, masses, groups, every atom's
        id type mask charge position velocity and image flags, the pair_style/pair_coeff/pair_modify commands, neighbour
        settings and state, and fix states. A '*' in the name becomes the step. The file is written to file.tmp.PID and
        moved over the target, so an existing file is never left half-written. read_restart continues a run bit for bit.
        """)]
public sealed class WriteRestartCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 1, "file");
        sim.RequireBox(args);
        RestartFile.Write(sim, RestartFile.Resolve(args[0], sim.Step));
    }
}

[Command("read_restart", Syntax = "read_restart file",
    Help = """
        Read a restart file written by write_restart into an empty simulation (no box yet): state, box, atoms, groups,
        neighbour settings; the pair style and coefficients are re-issued, and fixes defined later with the same ID and
        style get their saved state. Define fixes (and thermo, dumps) again before run. The file's version, length and
        checksum are verified: a truncated or corrupt file is a clear error. The first run continues exactly as the
        original one would have.
        """)]
public sealed class ReadRestartCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 1, "file");
        var path = args[0];
        if (path.Contains('*'))
            throw args.Error(0, "read_restart: '*' in the file name (latest restart file) is not supported; name the file");
        if (!File.Exists(path)) throw args.Error(0, $"read_restart: restart file '{path}' not found");
        RestartFile.Read(sim, path);
    }
}
