namespace Kiln.Sql;

/// <summary>A planned SQL statement: a <see cref="QueryStatement"/> to run, or a <see cref="CreateViewStatement"/> to register.</summary>
public abstract record SqlStatement;
