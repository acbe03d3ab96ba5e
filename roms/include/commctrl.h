/* commctrl.h — the image list declarations the wmemu test ROMs use (CE: coredll exports ImageList_*). */
#ifndef _WMEMU_COMMCTRL_H
#define _WMEMU_COMMCTRL_H
#include "windows.h"
#include "wingdi.h"

typedef HANDLE HIMAGELIST, HICON;
#define ILC_MASK      0x0001
#define ILC_COLOR16   0x0010
#define ILD_NORMAL    0x0000
#define ILD_TRANSPARENT 0x0001
#define ILD_BLEND50   0x0004
#define ILD_MASK      0x0010
#define ILD_IMAGE     0x0020
#define CLR_NONE      0xFFFFFFFF
#define CLR_DEFAULT   0xFF000000
#define INDEXTOOVERLAYMASK(i) ((i) << 8)

WINBASEAPI HIMAGELIST WINAPI ImageList_Create(int cx, int cy, UINT flags, int cInitial, int cGrow);
WINBASEAPI BOOL WINAPI ImageList_Destroy(HIMAGELIST);
WINBASEAPI HIMAGELIST WINAPI ImageList_Duplicate(HIMAGELIST);
WINBASEAPI BOOL WINAPI ImageList_Copy(HIMAGELIST, int, HIMAGELIST, int, UINT);
#define ILCF_MOVE 0
#define ILCF_SWAP 1
WINBASEAPI int WINAPI ImageList_GetImageCount(HIMAGELIST);
WINBASEAPI BOOL WINAPI ImageList_SetImageCount(HIMAGELIST, UINT);
WINBASEAPI BOOL WINAPI ImageList_GetIconSize(HIMAGELIST, int *, int *);
WINBASEAPI BOOL WINAPI ImageList_SetIconSize(HIMAGELIST, int, int);
WINBASEAPI COLORREF WINAPI ImageList_GetBkColor(HIMAGELIST);
WINBASEAPI COLORREF WINAPI ImageList_SetBkColor(HIMAGELIST, COLORREF);
WINBASEAPI BOOL WINAPI ImageList_SetOverlayImage(HIMAGELIST, int, int);
WINBASEAPI int WINAPI ImageList_Add(HIMAGELIST, HBITMAP, HBITMAP);
WINBASEAPI int WINAPI ImageList_AddMasked(HIMAGELIST, HBITMAP, COLORREF);
WINBASEAPI BOOL WINAPI ImageList_Replace(HIMAGELIST, int, HBITMAP, HBITMAP);
WINBASEAPI int WINAPI ImageList_ReplaceIcon(HIMAGELIST, int, HICON);
WINBASEAPI BOOL WINAPI ImageList_Remove(HIMAGELIST, int);
WINBASEAPI BOOL WINAPI ImageList_Draw(HIMAGELIST, int, HDC, int, int, UINT);
WINBASEAPI BOOL WINAPI ImageList_DrawEx(HIMAGELIST, int, HDC, int, int, int, int, COLORREF, COLORREF, UINT);
#endif
