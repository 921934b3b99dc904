namespace Kiln.Tests.SqlCases;

/// <summary>The error a SQL case expects: a part of its message and the position (1-based) it must point at.</summary>
public sealed record SqlCaseError(string Contains, int Line, int Column);
