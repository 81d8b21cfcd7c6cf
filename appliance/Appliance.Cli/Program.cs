using Appliance.Cli;

// As /sbin/init the kernel starts us with no arguments: that means `appliance run`.
if (args.Length == 0 && (Environment.ProcessId == 1 || Path.GetFileName(Environment.GetCommandLineArgs()[0]) == "init"))
{
    args = ["run"];
}

return await Dispatcher.Dispatch(args).ConfigureAwait(false);
