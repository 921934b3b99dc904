namespace Kiln.TpcH;

/// <summary>What a generator run wrote: the directory, its manifest and how long it took.</summary>
public sealed record TpchGenerationResult(string Directory, TpchManifest Manifest, TimeSpan Elapsed);
