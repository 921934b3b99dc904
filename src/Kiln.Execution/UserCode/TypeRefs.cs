namespace Kiln.Execution.UserCode;

/// <summary>
/// Writes a CLR type as data and resolves it on the executor through its <see cref="UserCodeLoader"/>.
/// <code>
/// type-ref := 0 assembly:string name:string                          a non-generic type
///           | 1 assembly:string name:string count:i32 type-ref*       a constructed generic type
///           | 2 type-ref                                               a one-dimensional zero-based array
/// </code>
/// Names are metadata full names (<c>Ns.Outer+Inner`1</c>); assemblies are full names.
/// </summary>
public static class TypeRefs
{
    public static void Write(BinaryWriter writer, Type type)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsArray)
        {
            if (!type.IsSZArray)
            {
                throw new NotSupportedException($"multi-dimensional array type {type} cannot be sent to executors; use a one-dimensional array");
            }

            writer.Write((byte)2);
            Write(writer, type.GetElementType()!);
            return;
        }

        if (type.IsPointer || type.IsByRef || type.IsGenericParameter || type.ContainsGenericParameters)
        {
            throw new NotSupportedException($"type {type} cannot be sent to executors");
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            writer.Write((byte)1);
            writer.Write(definition.Assembly.FullName!);
            writer.Write(definition.FullName!);
            var args = type.GetGenericArguments();
            writer.Write(args.Length);
            foreach (var a in args)
            {
                Write(writer, a);
            }

            return;
        }

        writer.Write((byte)0);
        writer.Write(type.Assembly.FullName!);
        writer.Write(type.FullName!);
    }

    public static Type Read(BinaryReader reader, UserCodeLoader loader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(loader);
        switch (reader.ReadByte())
        {
            case 0:
                {
                    var assembly = reader.ReadString();
                    return loader.ResolveType(assembly, reader.ReadString());
                }

            case 1:
                {
                    var assembly = reader.ReadString();
                    var definition = loader.ResolveType(assembly, reader.ReadString());
                    var count = reader.ReadInt32();
                    if (count is < 1 or > 64)
                    {
                        throw new InvalidDataException($"corrupt type reference: {count} generic arguments");
                    }

                    var args = new Type[count];
                    for (var i = 0; i < count; i++)
                    {
                        args[i] = Read(reader, loader);
                    }

                    return definition.MakeGenericType(args);
                }

            case 2:
                return Read(reader, loader).MakeArrayType();
            case var kind:
                throw new InvalidDataException($"corrupt type reference: kind {kind}");
        }
    }
}
