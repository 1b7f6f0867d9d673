/* cli.h — the command line front end. */
#ifndef ROSTER_CLI_H
#define ROSTER_CLI_H

int cli_main(int argc, char **argv);

#endif
