/* tlsexplain.c - main(): the command line (main.c) on the standard streams. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "exitcodes.h"

int main(int argc, char **argv)
{
    txc_io io = {stdin, stdout, stderr, 0};
    int rc = txc_run(argc, argv, &io);
    /* a close can still fail (NFS, a full disk): only then, or when output
     * went missing unreported, is it an output error */
    errno = 0;
    if (fclose(stdout) != 0 && rc != EXIT_OUTPUT && errno != EBADF) {
        fprintf(stderr, "tlsexplain: error: cannot write the output: %s\n", strerror(errno ? errno : EIO));
        rc = EXIT_OUTPUT;
    }
    return rc;
}
