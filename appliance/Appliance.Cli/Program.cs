using Appliance.Cli;

return await Dispatcher.Dispatch(args).ConfigureAwait(false);
